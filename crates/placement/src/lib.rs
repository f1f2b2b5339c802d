//! landa-placement (being built).
