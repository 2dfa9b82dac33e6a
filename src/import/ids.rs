//! Annotation ids for imported items: a UUIDv7 whose time is the item's own creation
//! time and whose random bits are a hash of its source id. The same item imported
//! twice gets the same id, so a second import adds nothing (the id is already there),
//! and ids still sort by creation as margent's do. Pure.

use jiff::Timestamp;

/// The id of the annotation made from the item `source_id` (created at `created`).
pub fn import_id(source_id: &str, created: Option<Timestamp>) -> String {
    let hash = blake3::hash(source_id.as_bytes());
    let mut random = [0u8; 10];
    random.copy_from_slice(&hash.as_bytes()[..10]);
    let millis = created
        .map(|at| at.as_millisecond())
        .and_then(|ms| u64::try_from(ms).ok())
        .unwrap_or(0);
    uuid::Builder::from_unix_timestamp_millis(millis, &random)
        .into_uuid()
        .hyphenated()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_item_gets_the_same_time_ordered_v7_id() {
        let at: Timestamp = "2015-07-11T16:27:48Z".parse().unwrap();
        let id = import_id("kindle|Book|highlight|1041", Some(at));
        assert_eq!(id, import_id("kindle|Book|highlight|1041", Some(at)));
        assert_ne!(id, import_id("kindle|Book|highlight|1042", Some(at)));
        let uuid = uuid::Uuid::parse_str(&id).unwrap();
        assert_eq!(uuid.get_version_num(), 7);
        let later: Timestamp = "2016-01-01T00:00:00Z".parse().unwrap();
        assert!(id < import_id("a", Some(later)));
        assert_eq!(id, id.to_lowercase());
    }
}
