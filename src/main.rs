//! The `protokoll` command.
fn main() {}
