use super::*;
use crate::error::ErrorKind;
use crate::nn::gradcheck;

/// Three Gaussian blobs in `dim` dimensions, centres far apart (separable), `per` rows each.
fn blobs(per: usize, dim: usize, seed: u64) -> (Vec<f32>, Vec<String>) {
    let mut rng = Rng::new(seed);
    let names = ["pear", "boat", "belly"];
    let (mut x, mut y) = (Vec::new(), Vec::new());
    for (c, name) in names.iter().enumerate() {
        for _ in 0..per {
            for j in 0..dim {
                let centre = if j == c { 4.0 } else { 0.0 };
                x.push((centre + 0.5 * rng.normal()) as f32);
            }
            y.push(name.to_string());
        }
    }
    (x, y)
}

#[test]
fn gradient_matches_central_differences() {
    let (k, d, n) = (3, 4, 7);
    let mut rng = Rng::new(5);
    let x: Vec<f64> = (0..n * d).map(|_| rng.normal()).collect();
    let y: Vec<usize> = (0..n).map(|i| i % k).collect();
    let mut model = LogReg::new(k, d);
    model.theta.iter_mut().for_each(|t| *t = 0.7 * rng.normal());
    let mut grad = vec![0.0; model.theta.len()];
    model.loss_grad(&x, &y, 0.3, &mut grad);
    let mut probe = model.clone();
    let mut scratch = grad.clone();
    let mut f = |theta: &[f64]| {
        probe.theta.copy_from_slice(theta);
        probe.loss_grad(&x, &y, 0.3, &mut scratch)
    };
    let r = gradcheck::check(&mut f, &model.theta, &grad, 1e-5, 1e-8);
    assert!(r.max_rel_error < 1e-6, "{r:?}");
}

#[test]
fn zero_weights_give_log_k_and_frequency_gradient() {
    // With θ = 0 every p = 1/K, so L = ln K and ∂L/∂b_c = 1/K − (share of rows labelled c).
    let model = LogReg::new(4, 2);
    let x = vec![1.0, 2.0, -1.0, 0.5, 3.0, 3.0];
    let y = vec![0, 0, 2];
    let mut grad = vec![0.0; model.theta.len()];
    let loss = model.loss_grad(&x, &y, 0.0, &mut grad);
    assert!((loss - 4f64.ln()).abs() < 1e-12);
    let gb = &grad[8..];
    let expect = [0.25 - 2.0 / 3.0, 0.25, 0.25 - 1.0 / 3.0, 0.25];
    for (g, e) in gb.iter().zip(expect) {
        assert!((g - e).abs() < 1e-12, "{gb:?}");
    }
}

#[test]
fn separable_blobs_are_classified_perfectly() {
    let (x, y) = blobs(20, 6, 3);
    let r = run_probe(&x, 6, &y, &ProbeConfig::default()).unwrap();
    assert_eq!(r.labels, ["pear", "boat", "belly"]);
    assert_eq!((r.train_size, r.test_size), (45, 15)); // round(20 · 0.25) = 5 per label held out
    assert!(!r.evaluated_on_train);
    assert_eq!(r.accuracy, 1.0);
    assert_eq!(r.train_accuracy, 1.0);
    // A perfect confusion table is diagonal with 5 test rows per label.
    for (t, row) in r.confusion.iter().enumerate() {
        for (p, &c) in row.iter().enumerate() {
            assert_eq!(c, if t == p { 5 } else { 0 });
        }
    }
    // The loss falls from ln 3 at θ = 0.
    assert!((r.loss[0] - 3f64.ln()).abs() < 1e-9);
    assert!(*r.loss.last().unwrap() < 0.05, "{}", r.loss.last().unwrap());
}

#[test]
fn accuracy_agrees_with_confusion_and_predictions() {
    // Overlapping blobs: not perfect, but the numbers must agree with each other.
    let mut rng = Rng::new(11);
    let (mut x, mut y) = (Vec::new(), Vec::new());
    for i in 0..80 {
        let c = i % 2;
        x.push((c as f64 * 0.8 + rng.normal()) as f32);
        x.push(rng.normal() as f32);
        y.push(if c == 0 { "neg".to_string() } else { "pos".to_string() });
    }
    let r = run_probe(&x, 2, &y, &ProbeConfig { test_fraction: 0.5, ..Default::default() }).unwrap();
    let total: usize = r.confusion.iter().flatten().sum();
    let diag: usize = (0..2).map(|i| r.confusion[i][i]).sum();
    assert_eq!(total, r.test_size);
    assert_eq!(r.accuracy, diag as f64 / total as f64);
    let hits = r.test_indices.iter().filter(|&&i| r.labels[r.predictions[i]] == y[i]).count();
    assert_eq!(hits, diag);
    assert!(r.accuracy > 0.5 && r.accuracy < 1.0, "{}", r.accuracy);
}

#[test]
fn split_is_stratified_disjoint_and_seeded() {
    let y: Vec<usize> = (0..30).map(|i| if i < 10 { 0 } else { 1 }).collect();
    let (train, test) = split(&y, 2, 0.3, 7);
    assert_eq!(test.len(), 3 + 6); // round(10·0.3) + round(20·0.3)
    assert_eq!(test.iter().filter(|&&i| y[i] == 0).count(), 3);
    let mut all: Vec<usize> = train.iter().chain(&test).copied().collect();
    all.sort_unstable();
    assert_eq!(all, (0..30).collect::<Vec<_>>());
    assert_eq!(split(&y, 2, 0.3, 7), (train.clone(), test.clone()));
    assert_ne!(split(&y, 2, 0.3, 8).1, test);
    // One line of a label: it stays in training (at most n − 1 held out).
    let (tr, te) = split(&[0, 1, 1, 1], 2, 0.5, 1);
    assert!(tr.contains(&0) && te.len() == 2);
}

#[test]
fn no_test_rows_means_training_accuracy() {
    let (x, y) = blobs(3, 4, 9);
    let r = run_probe(&x, 4, &y, &ProbeConfig { test_fraction: 0.0, ..Default::default() }).unwrap();
    assert!(r.evaluated_on_train);
    assert_eq!(r.test_size, 0);
    assert_eq!(r.confusion.iter().flatten().sum::<usize>(), 9);
}

#[test]
fn stronger_l2_gives_smaller_weights() {
    let (x, y) = blobs(10, 3, 2);
    let final_loss = |l2: f64| {
        let r = run_probe(&x, 3, &y, &ProbeConfig { l2, epochs: 300, ..Default::default() }).unwrap();
        *r.loss.last().unwrap()
    };
    // The final (penalised) loss grows with λ: the penalty forbids the large weights that fit best.
    assert!(final_loss(1.0) > final_loss(0.0) + 0.1);
}

#[test]
fn invalid_input_is_an_error() {
    let cfg = ProbeConfig::default();
    let two = vec!["a".to_string(), "b".to_string()];
    assert!(matches!(run_probe(&[], 3, &[], &cfg), Err(e) if e.is(ErrorKind::Input)));
    let one_class = vec!["a".to_string(); 4];
    let e = run_probe(&[0.0; 8], 2, &one_class, &cfg).unwrap_err();
    assert!(e.to_string().contains("two different labels"), "{e}");
    assert!(matches!(run_probe(&[0.0; 5], 3, &two, &cfg), Err(e) if e.is(ErrorKind::Input)));
    assert!(matches!(run_probe(&[0.0; 2], 0, &two, &cfg), Err(e) if e.is(ErrorKind::Input)));
    assert!(matches!(run_probe(&[f32::NAN, 0.0], 1, &two, &cfg), Err(e) if e.is(ErrorKind::Input)));
    for bad in [
        ProbeConfig { epochs: 0, ..cfg.clone() },
        ProbeConfig { test_fraction: 1.0, ..cfg.clone() },
        ProbeConfig { l2: -1.0, ..cfg.clone() },
        ProbeConfig { lr: f64::NAN, ..cfg.clone() },
    ] {
        let e = run_probe(&[0.0, 1.0], 1, &two, &bad).unwrap_err();
        assert!(e.is(ErrorKind::Settings), "{e}");
    }
}

#[test]
fn too_many_labels_or_too_much_work_is_refused_not_run() {
    let cfg = ProbeConfig::default();
    // One label per line (a first column of ids, say): refused at once instead of training
    // n·n·dim weights for minutes.
    let n = MAX_LABELS + 1;
    let labels: Vec<String> = (0..n).map(|i| format!("id{i}")).collect();
    let e = run_probe(&vec![0.5; n * 4], 4, &labels, &cfg).unwrap_err();
    assert!(e.is(ErrorKind::Input) && e.to_string().contains("at most 100"), "{e}");
    // 2 labels × 4000 lines × 1024 dims × 5000 epochs ≈ 3·10¹⁰ units: the message names epochs.
    let labels: Vec<String> = (0..4000).map(|i| ["a", "b"][i % 2].to_string()).collect();
    let big = ProbeConfig { epochs: 5000, test_fraction: 0.0, ..cfg.clone() };
    let e = run_probe(&vec![0.5; 4000 * 1024], 1024, &labels, &big).unwrap_err();
    assert!(e.is(ErrorKind::Settings) && e.to_string().contains("epochs must be at most"), "{e}");
}

#[test]
fn a_dimension_that_overflows_is_an_error() {
    // n·dim = 2 · 2⁶³ wraps to 0 = the buffer's length if multiplied unchecked.
    let two = vec!["a".to_string(), "b".to_string()];
    let e = run_probe(&[], 1usize << (usize::BITS - 1), &two, &ProbeConfig::default()).unwrap_err();
    assert!(e.is(ErrorKind::Input), "{e}");
}
