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

/// Reads an object through a map visitor: a type that checks its content after reading it (an
/// internally tagged enum) then fails inside the visit, so the error points at the object.
pub(crate) fn within_map<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    use serde::de::{MapAccess, Visitor, value::MapAccessDeserializer};
    struct Within<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> Visitor<'de> for Within<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::deserialize(MapAccessDeserializer::new(map))
        }
    }
    deserializer.deserialize_map(Within(std::marker::PhantomData))
}
