//! Moving many values out of a vector into another shape without holding both at once:
//! `from_end` takes them from the end and gives the vector's memory back as it shrinks,
//! so 100,000 annotations made into items are not, for a moment, held twice.

/// Values given back as the vector shrinks, every this many taken.
const STEP: usize = 4096;

/// The values of `values`, last first; the vector's memory is given back as they go.
pub fn from_end<T>(values: Vec<T>) -> FromEnd<T> {
    FromEnd { values }
}

/// See [`from_end`].
pub struct FromEnd<T> {
    values: Vec<T>,
}

impl<T> Iterator for FromEnd<T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        let value = self.values.pop()?;
        if self.values.len().is_multiple_of(STEP) {
            self.values.shrink_to_fit();
        }
        Some(value)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.values.len(), Some(self.values.len()))
    }
}

impl<T> ExactSizeIterator for FromEnd<T> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gives_every_value_last_first_and_shrinks_as_it_goes() {
        let values: Vec<usize> = (0..10_000).collect();
        let mut taken = from_end(values);
        assert_eq!(taken.len(), 10_000);
        let first: Vec<usize> = taken.by_ref().take(10_000 - 2 * STEP).collect();
        assert_eq!(first.first(), Some(&9_999));
        assert!(taken.values.capacity() <= 2 * STEP, "{}", taken.values.capacity());
        let rest: Vec<usize> = taken.collect();
        assert_eq!(rest.len(), 2 * STEP);
        assert_eq!(rest.last(), Some(&0));
    }
}
