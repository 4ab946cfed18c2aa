//! Tests of the pickle VM on hand-assembled opcode streams: an ordered dict, a rebuilt tensor with
//! long ints, and corrupt pickles (errors, never panics; GLOBAL calls are never run).

use super::*;

fn run(bytes: &[u8]) -> Result<Value> {
    let mut pos = 0;
    load(bytes, &mut pos, &mut |v| Ok(v))
}

#[test]
fn builds_a_small_ordered_dict() {
    // Protocol 2: OrderedDict() then SETITEMS {"a": 1, "b": (-2, 3.5, True, None, "é")}, memo use.
    let mut p = vec![0x80, 2];
    p.extend_from_slice(b"ccollections\nOrderedDict\nq\x00)Rq\x01(X\x01\x00\x00\x00aK\x01");
    p.extend_from_slice(b"X\x01\x00\x00\x00b(J\xfe\xff\xff\xffG\x40\x0c\x00\x00\x00\x00\x00\x00\x88N\x8c\x02\xc3\xa9tq\x02uh\x01.");
    // The final BINGET 1 pushes the memoised (empty, copied) dict after SETITEMS, then STOP
    // returns it: memo values are copies, so it is the empty dict.
    assert_eq!(run(&p).unwrap(), Value::Dict(vec![]));
    p.truncate(p.len() - 3);
    p.push(b'.');
    let v = run(&p).unwrap();
    let Value::Dict(d) = v else { panic!("not a dict") };
    assert_eq!(d[0], (Value::Str("a".into()), Value::Int(1)));
    assert_eq!(d[1].1, Value::Tuple(vec![Value::Int(-2), Value::Float(3.5), Value::Bool(true), Value::None, Value::Str("é".into())]));
}

#[test]
fn rebuild_tensor_and_long_ints() {
    // _rebuild_tensor_v2(pid, 2, (2, 3), (3, 1), False, OrderedDict()) with a persistent id.
    let mut p = vec![0x80, 2];
    p.extend_from_slice(b"ctorch._utils\n_rebuild_tensor_v2\n(X\x01\x00\x00\x00kQK\x02K\x02K\x03\x86K\x03K\x01\x86\x89");
    p.extend_from_slice(b"ccollections\nOrderedDict\n)RtR.");
    let Value::Tensor(t) = run(&p).unwrap() else { panic!("not a tensor") };
    assert_eq!((t.offset, t.size.clone(), t.stride.clone()), (2, vec![2, 3], vec![3, 1]));
    assert_eq!(*t.storage, Value::Persistent(Box::new(Value::Str("k".into()))));
    // LONG1: 2 bytes 0xff 0x7f = 32767; 1 byte 0xff = -1; 10 bytes stays big.
    assert_eq!(run(b"\x8a\x02\xff\x7f.").unwrap(), Value::Int(32767));
    assert_eq!(run(b"\x8a\x01\xff.").unwrap(), Value::Int(-1));
    assert!(matches!(run(b"\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19.").unwrap(), Value::BigInt(b) if b.len() == 10));
}

#[test]
fn corrupt_pickles_are_errors() {
    for (bad, want) in [
        (&b""[..], "end of data"),
        (b"\x80\x02", "end of data"),
        (b"\x80\x09.", "protocol 9"),
        (b"X\xff\x00\x00\x00ab.", "end of data"),
        (b"h\x05.", "memo key 5"),
        (b"t.", "no MARK"),
        (b"(.", "pop past a MARK"),
        (b"K\x00K\x01K\x02s.", "not a dict"),
        (b"\xff", "opcode 0xff"),
        (b"cos\nsystem", "unterminated"),
        (b"K\x01)R.", "not a GLOBAL"),
        (b"]K\x01K\x02u.", "no MARK"),
        (b"}(K\x01u.", "odd number"),
        (b"\x86.", "underflow"),
    ] {
        let e = run(bad).unwrap_err().to_string();
        assert!(e.contains(want), "{bad:?}: {e}");
    }
    // Calling an unknown global is inert: it yields an opaque object, runs nothing.
    assert_eq!(run(b"cos\nsystem\n(X\x02\x00\x00\x00lstR.").unwrap(), Value::Object("os".into(), "system".into()));
}
