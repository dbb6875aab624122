//! Deserialisation helpers shared by requests and documents.

use serde::Deserialize;

/// Reads a request value written either as a string (a shorthand such as an id) or as an object,
/// keeping the JSON pointers of errors inside the object.
pub(crate) fn string_or_object<'de, D, T, O>(
    deserializer: D,
    expecting: &'static str,
    from_str: fn(&str) -> T,
    from_object: fn(O) -> T,
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    O: Deserialize<'de>,
{
    use serde::de::{self, MapAccess, Visitor, value::MapAccessDeserializer};
    struct Either<T, O> {
        expecting: &'static str,
        from_str: fn(&str) -> T,
        from_object: fn(O) -> T,
    }
    impl<'de, T, O: serde::Deserialize<'de>> Visitor<'de> for Either<T, O> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.expecting)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            Ok((self.from_str)(v))
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            O::deserialize(MapAccessDeserializer::new(map)).map(self.from_object)
        }
    }
    deserializer.deserialize_any(Either {
        expecting,
        from_str,
        from_object,
    })
}
