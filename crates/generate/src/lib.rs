//! landa-generate (being built).
