//! `generate` draws exactly what it drew before the history generator was added: a
//! fingerprint of a whole scenario, recorded from the code before that change.

use landa_generate::{generate, GenerateOptions};

/// FNV-1a over the scenario's debug text: every value, in order.
fn fingerprint(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[test]
fn generate_draws_what_it_drew_before_histories() {
    let options = GenerateOptions {
        households: 400,
        seed: 3,
        ..Default::default()
    };
    let scenario = generate(&options).expect("valid options");
    let print = fingerprint(&format!("{scenario:?}"));
    assert_eq!(
        print, 0xf9c6_6c09_9094_4e90,
        "generate draws differently now"
    );
}
