//! landa-store (being built).
