// Reading fields of JSON that came from outside (the platform, a scan): a missing field, or one
// of another type, gives the fallback instead of throwing (nlohmann's value() throws on a type
// mismatch, which the fuzzer found in the problem+json classifier).
#pragma once

#include <string>
#include <type_traits>

#include <nlohmann/json.hpp>

namespace yiwang::kiosk {

template <class T>
T field_or(const nlohmann::json& object, const char* key, T fallback) {
  if (!object.is_object()) return fallback;
  const auto it = object.find(key);
  if (it == object.end()) return fallback;
  if constexpr (std::is_same_v<T, std::string>) {
    return it->is_string() ? it->template get<std::string>() : fallback;
  } else if constexpr (std::is_same_v<T, bool>) {
    return it->is_boolean() ? it->template get<bool>() : fallback;
  } else if constexpr (std::is_integral_v<T>) {
    return it->is_number_integer() ? it->template get<T>() : fallback;
  } else {
    return it->is_object() ? T(*it) : fallback;
  }
}

inline std::string text_or(const nlohmann::json& object, const char* key,
                           const std::string& fallback = "") {
  return field_or<std::string>(object, key, fallback);
}

}  // namespace yiwang::kiosk
