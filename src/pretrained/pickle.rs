//! A minimal pickle virtual machine: the opcodes (protocols 2–5) that `torch.save` emits for a
//! state dict, and nothing that executes code.
//!
//! A pickle is a program for a stack machine (CPython `Lib/pickletools.py` documents every opcode).
//! Values are built on a stack; MARK pushes a boundary that TUPLE / SETITEMS / APPENDS collect to;
//! BINPUT / BINGET keep a memo of earlier values; GLOBAL names a Python callable and REDUCE calls
//! it with a tuple of arguments; BINPERSID hands a value to the loader's `persistent_load`, which is
//! how PyTorch refers to tensor storages kept outside the pickle.
//!
//! Here REDUCE only understands the callables a state dict uses (`collections.OrderedDict`,
//! `torch._utils._rebuild_tensor_v2`, `_rebuild_parameter`); any other call becomes an opaque
//! [`Value::Object`] that the caller can ignore. Memo entries are copied, not shared (a state dict
//! never mutates a value after referring back to it).

use crate::error::{Error, Result};
use std::collections::HashMap;

/// A tensor as `_rebuild_tensor_v2(storage, storage_offset, size, stride, …)` describes it:
/// element `[i0, i1, …]` is `storage[offset + Σ i_d · stride_d]`.
#[derive(Debug, Clone, PartialEq)]
pub struct TensorRef {
    pub storage: Box<Value>,
    pub offset: usize,
    pub size: Vec<usize>,
    pub stride: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    None,
    Bool(bool),
    Int(i64),
    /// A LONG1/LONG4 integer wider than 64 bits, as its little-endian two's-complement bytes.
    BigInt(Vec<u8>),
    Float(f64),
    Str(String),
    Bytes(Vec<u8>),
    Tuple(Vec<Value>),
    List(Vec<Value>),
    Dict(Vec<(Value, Value)>),
    /// A GLOBAL reference `module.name` not called (yet).
    Global(String, String),
    /// The result of calling a callable we do not model: kept only to be ignored.
    Object(String, String),
    Tensor(TensorRef),
    /// Whatever `persistent_load` returned for a BINPERSID (the caller's own encoding).
    Persistent(Box<Value>),
}

impl Value {
    pub fn as_usize(&self) -> Option<usize> {
        match self {
            Value::Int(i) => usize::try_from(*i).ok(),
            _ => None,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            Value::Bytes(b) => std::str::from_utf8(b).ok(),
            _ => None,
        }
    }
    /// Elements of a tuple or list.
    pub fn items(&self) -> Option<&[Value]> {
        match self {
            Value::Tuple(v) | Value::List(v) => Some(v),
            _ => None,
        }
    }
    fn usizes(&self) -> Option<Vec<usize>> {
        self.items()?.iter().map(Value::as_usize).collect()
    }
}

/// Runs one pickle starting at `*pos` up to its STOP, leaves `*pos` after it, returns its value.
/// `persistent` maps a BINPERSID argument to the value it stands for.
pub fn load(data: &[u8], pos: &mut usize, persistent: &mut dyn FnMut(Value) -> Result<Value>) -> Result<Value> {
    let mut vm = Vm { data, pos: *pos, stack: Vec::new(), marks: Vec::new(), memo: HashMap::new() };
    let v = vm.run(persistent)?;
    *pos = vm.pos;
    Ok(v)
}

struct Vm<'a> {
    data: &'a [u8],
    pos: usize,
    stack: Vec<Value>,
    marks: Vec<usize>,
    memo: HashMap<u32, Value>,
}

impl Vm<'_> {
    fn err(&self, msg: impl std::fmt::Display) -> Error {
        crate::err!(Checkpoint, PICKLE, offset = self.pos, detail = msg)
    }

    fn take(&mut self, n: usize) -> Result<&[u8]> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.data.len())
            .ok_or_else(|| self.err("unexpected end of data (truncated file?)"))?;
        let s = &self.data[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16> {
        let b = self.take(2)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }
    fn u32(&mut self) -> Result<u32> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn u64(&mut self) -> Result<u64> {
        let b = self.take(8)?;
        Ok(u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]))
    }
    fn line(&mut self) -> Result<String> {
        let rest = &self.data[self.pos.min(self.data.len())..];
        let n = rest.iter().position(|&b| b == b'\n').ok_or_else(|| self.err("unterminated GLOBAL name"))?;
        let s = String::from_utf8_lossy(&rest[..n]).into_owned();
        self.pos += n + 1;
        Ok(s)
    }
    fn utf8(&mut self, n: usize) -> Result<Value> {
        let b = self.take(n)?.to_vec();
        String::from_utf8(b).map(Value::Str).map_err(|_| self.err("string is not valid UTF-8"))
    }
    fn pop(&mut self) -> Result<Value> {
        if self.marks.last().is_some_and(|&m| m >= self.stack.len()) {
            return Err(self.err("pop past a MARK"));
        }
        self.stack.pop().ok_or_else(|| self.err("stack underflow (corrupt pickle)"))
    }
    fn top(&mut self) -> Result<&mut Value> {
        let e = self.err("stack underflow (corrupt pickle)");
        self.stack.last_mut().ok_or(e)
    }
    /// Pops everything above the last MARK, and the mark.
    fn pop_mark(&mut self) -> Result<Vec<Value>> {
        let m = self.marks.pop().ok_or_else(|| self.err("no MARK to collect to"))?;
        if m > self.stack.len() {
            return Err(self.err("MARK above the stack top"));
        }
        Ok(self.stack.split_off(m))
    }
    fn memo_get(&self, k: u32) -> Result<Value> {
        self.memo.get(&k).cloned().ok_or_else(|| self.err(format!("memo key {k} not defined")))
    }
    fn memo_put(&mut self, k: u32) -> Result<()> {
        let v = self.stack.last().cloned().ok_or_else(|| self.err("memoize on an empty stack"))?;
        self.memo.insert(k, v);
        Ok(())
    }
    fn set_items(&mut self, items: Vec<Value>) -> Result<()> {
        if !items.len().is_multiple_of(2) {
            return Err(self.err("SETITEMS with an odd number of values"));
        }
        let e = self.err("SETITEM(S) on something that is not a dict");
        match self.top()? {
            Value::Dict(d) => {
                let mut it = items.into_iter();
                while let (Some(k), Some(v)) = (it.next(), it.next()) {
                    d.push((k, v));
                }
                Ok(())
            }
            _ => Err(e),
        }
    }
    fn append(&mut self, items: Vec<Value>) -> Result<()> {
        let e = self.err("APPEND(S) on something that is not a list");
        match self.top()? {
            Value::List(l) => {
                l.extend(items);
                Ok(())
            }
            _ => Err(e),
        }
    }

    fn run(&mut self, persistent: &mut dyn FnMut(Value) -> Result<Value>) -> Result<Value> {
        loop {
            let op = self.u8()?;
            match op {
                0x80 => {
                    let proto = self.u8()?; // PROTO
                    if proto > 5 {
                        return Err(self.err(format!("pickle protocol {proto} is not supported (2–5)")));
                    }
                }
                0x95 => {
                    self.u64()?; // FRAME: a length hint only
                }
                b'.' => return self.pop(), // STOP
                b'(' => self.marks.push(self.stack.len()),
                b'}' => self.stack.push(Value::Dict(Vec::new())),
                b']' => self.stack.push(Value::List(Vec::new())),
                b')' => self.stack.push(Value::Tuple(Vec::new())),
                b'N' => self.stack.push(Value::None),
                0x88 => self.stack.push(Value::Bool(true)),
                0x89 => self.stack.push(Value::Bool(false)),
                b'K' => {
                    let v = self.u8()? as i64; // BININT1
                    self.stack.push(Value::Int(v));
                }
                b'M' => {
                    let v = self.u16()? as i64; // BININT2
                    self.stack.push(Value::Int(v));
                }
                b'J' => {
                    let v = self.u32()? as i32 as i64; // BININT: signed
                    self.stack.push(Value::Int(v));
                }
                0x8a | 0x8b => {
                    // LONG1 / LONG4: n little-endian two's-complement bytes.
                    let n = if op == 0x8a { self.u8()? as usize } else { self.u32()? as usize };
                    let b = self.take(n)?.to_vec();
                    let v = if n <= 8 {
                        let fill = if b.last().is_some_and(|&x| x & 0x80 != 0) { 0xff } else { 0 };
                        let mut w = [fill; 8];
                        w[..n].copy_from_slice(&b);
                        Value::Int(i64::from_le_bytes(w))
                    } else {
                        Value::BigInt(b)
                    };
                    self.stack.push(v);
                }
                b'G' => {
                    let b = self.take(8)?; // BINFLOAT: big-endian f64
                    let v = f64::from_be_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]);
                    self.stack.push(Value::Float(v));
                }
                b'X' => {
                    let n = self.u32()? as usize;
                    let v = self.utf8(n)?;
                    self.stack.push(v);
                }
                0x8c => {
                    let n = self.u8()? as usize;
                    let v = self.utf8(n)?;
                    self.stack.push(v);
                }
                0x8d => {
                    let n = usize::try_from(self.u64()?).map_err(|_| self.err("string too long"))?;
                    let v = self.utf8(n)?;
                    self.stack.push(v);
                }
                b'T' | b'U' | b'B' | b'C' | 0x8e | 0x96 => {
                    // BINSTRING, SHORT_BINSTRING, BINBYTES, SHORT_BINBYTES, BINBYTES8, BYTEARRAY8
                    let n = match op {
                        b'U' | b'C' => self.u8()? as usize,
                        b'T' | b'B' => self.u32()? as usize,
                        _ => usize::try_from(self.u64()?).map_err(|_| self.err("bytes too long"))?,
                    };
                    let b = self.take(n)?.to_vec();
                    self.stack.push(Value::Bytes(b));
                }
                b'q' => {
                    let k = self.u8()? as u32;
                    self.memo_put(k)?;
                }
                b'r' => {
                    let k = self.u32()?;
                    self.memo_put(k)?;
                }
                0x94 => {
                    let k = self.memo.len() as u32; // MEMOIZE
                    self.memo_put(k)?;
                }
                b'h' => {
                    let k = self.u8()? as u32;
                    let v = self.memo_get(k)?;
                    self.stack.push(v);
                }
                b'j' => {
                    let k = self.u32()?;
                    let v = self.memo_get(k)?;
                    self.stack.push(v);
                }
                b't' => {
                    let items = self.pop_mark()?;
                    self.stack.push(Value::Tuple(items));
                }
                0x85..=0x87 => {
                    let n = (op - 0x84) as usize; // TUPLE1..3
                    if self.stack.len() < n || self.marks.last().is_some_and(|&m| m > self.stack.len() - n) {
                        return Err(self.err("stack underflow in TUPLEn"));
                    }
                    let items = self.stack.split_off(self.stack.len() - n);
                    self.stack.push(Value::Tuple(items));
                }
                b'l' => {
                    let items = self.pop_mark()?;
                    self.stack.push(Value::List(items));
                }
                b'd' => {
                    let items = self.pop_mark()?;
                    self.stack.push(Value::Dict(Vec::new()));
                    self.set_items(items)?;
                }
                b'a' => {
                    let v = self.pop()?;
                    self.append(vec![v])?;
                }
                b'e' => {
                    let items = self.pop_mark()?;
                    self.append(items)?;
                }
                b's' => {
                    let v = self.pop()?;
                    let k = self.pop()?;
                    self.set_items(vec![k, v])?;
                }
                b'u' => {
                    let items = self.pop_mark()?;
                    self.set_items(items)?;
                }
                b'0' => {
                    self.pop()?;
                }
                b'1' => {
                    self.pop_mark()?;
                }
                b'2' => {
                    let v = self.top()?.clone();
                    self.stack.push(v);
                }
                b'c' => {
                    let module = self.line()?;
                    let name = self.line()?;
                    self.stack.push(Value::Global(module, name));
                }
                0x93 => {
                    // STACK_GLOBAL: module and name strings from the stack.
                    let name = self.pop()?;
                    let module = self.pop()?;
                    match (module, name) {
                        (Value::Str(m), Value::Str(n)) => self.stack.push(Value::Global(m, n)),
                        _ => return Err(self.err("STACK_GLOBAL needs two strings")),
                    }
                }
                b'R' | 0x81 => {
                    // REDUCE callable(*args) / NEWOBJ cls.__new__(cls, *args)
                    let args = self.pop()?;
                    let f = self.pop()?;
                    let v = self.call(f, args)?;
                    self.stack.push(v);
                }
                b'b' => {
                    // BUILD: set state on the object below. State dicts carry `_metadata`; ignored.
                    self.pop()?;
                    self.top()?;
                }
                b'Q' => {
                    let pid = self.pop()?;
                    let v = persistent(pid)?;
                    self.stack.push(Value::Persistent(Box::new(v)));
                }
                _ => return Err(self.err(format!("unsupported pickle opcode 0x{op:02x} (not a PyTorch state dict?)"))),
            }
        }
    }

    /// REDUCE for the callables a state dict uses.
    fn call(&self, f: Value, args: Value) -> Result<Value> {
        let Value::Global(module, name) = f else {
            return Err(self.err("REDUCE on something that is not a GLOBAL"));
        };
        let a = args.items().ok_or_else(|| self.err(format!("{module}.{name} called without an argument tuple")))?;
        match (module.as_str(), name.as_str()) {
            ("collections", "OrderedDict") | ("builtins", "dict") if a.is_empty() => Ok(Value::Dict(Vec::new())),
            ("torch._utils", "_rebuild_tensor_v2" | "_rebuild_tensor") => {
                let bad = || self.err(format!("{name}: arguments are not (storage, offset, size, stride, …)"));
                if a.len() < 4 {
                    return Err(bad());
                }
                let size = a[2].usizes().ok_or_else(bad)?;
                let stride = a[3].usizes().ok_or_else(bad)?;
                if size.len() != stride.len() {
                    return Err(self.err(format!("{name}: size {size:?} and stride {stride:?} differ in length")));
                }
                Ok(Value::Tensor(TensorRef { storage: Box::new(a[0].clone()), offset: a[1].as_usize().ok_or_else(bad)?, size, stride }))
            }
            // nn.Parameter wraps a tensor: keep the tensor.
            ("torch._utils", "_rebuild_parameter" | "_rebuild_parameter_with_state") if !a.is_empty() => Ok(a[0].clone()),
            _ => Ok(Value::Object(module, name)),
        }
    }
}

#[cfg(test)]
#[path = "pickle_tests.rs"]
mod tests;
