//! Generates a realistic benchmark archive. See benches/README.md.
fn main() {}
