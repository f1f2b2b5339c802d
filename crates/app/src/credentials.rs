//! Passwords, session and API tokens: what is kept is a hash (argon2id) or a digest
//! (SHA-256), never the secret.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand::rngs::OsRng;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

/// SHA-256 of a session or API token, hex: what the store keeps instead of the token.
pub fn digest(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// A fresh random secret: 32 bytes from the operating system, hex.
pub fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// A new API token, recognisable by its prefix in logs and secret scanners.
pub fn new_api_token() -> String {
    format!("landa_{}", random_secret())
}

/// argon2id hash of a password, as a PHC string with its own salt.
pub fn hash_password(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

/// True when `password` matches the stored hash.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash no password matches, checked when the username is unknown or disabled, so that
/// a wrong password takes as long for an unknown username as for a real one and timing
/// does not tell which usernames exist.
pub fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| hash_password(&random_secret()).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_against_their_own_hash() {
        let hash = hash_password("korrekt häst batteri").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("korrekt häst batteri", &hash));
        assert!(!verify_password("korrekt hast batteri", &hash));
        assert!(!verify_password("anything", "not a hash"));
        assert!(decoy_hash().starts_with("$argon2id$"));
    }
}
