//! Fuzz target: any text as a sidecar. Parsing either fails with an error or gives a
//! sidecar that prints back to text which parses to the same data.
#![no_main]

use libfuzzer_sys::fuzz_target;
use margent::sidecar::Sidecar;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(sidecar) = Sidecar::from_toml_str(text) else { return };
    let printed = sidecar.to_toml_string();
    let again = Sidecar::from_toml_str(&printed).expect("a printed sidecar parses");
    assert_eq!(again.data(), sidecar.data());
    assert_eq!(again.to_toml_string(), printed, "printing is stable");
});
