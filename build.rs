//! Rebuild when the built-in theme changes: `include_dir!` does not tell cargo on stable Rust.
fn main() {
    println!("cargo:rerun-if-changed=themes/default");
}
