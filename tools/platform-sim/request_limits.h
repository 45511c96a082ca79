// The contract's "Limits (both sides)" for request bodies: size, nesting depth, UTF-8, field types.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace yiwang::platform_sim {

inline constexpr std::size_t kMaxBodyBytes = std::size_t{1024} * 1024;           // every JSON route
inline constexpr std::size_t kMaxLogBundleBytes = std::size_t{8} * 1024 * 1024;  // POST .../logs
inline constexpr int kMaxJsonDepth = 64;

// The deepest nesting of arrays and objects in text, counted with a loop (never recursion), so
// that a body nested a million levels deep costs one pass and no stack.
int json_nesting_depth(const std::string& text);

// A body that passed the limits, or why not (detail is for the problem+json answer).
struct ParsedBody {
  nlohmann::json value;
  std::string problem;  // empty when value is usable
};

// Depth first, then the parser (which refuses invalid UTF-8); the value must be an object.
ParsedBody parse_limited_object(const std::string& body);

// What a field must be when it is present. Paths are dotted ("applicant.card.id_number"); a
// segment "*" means every element of an array or every member of an object.
enum class FieldType { string, integer, boolean, object, array, string_or_null, object_or_null };

struct FieldRule {
  const char* path;
  FieldType type;
};

// One {"field", "code": "wrong_type"} entry per present field whose type does not match.
std::vector<nlohmann::json> wrong_types(const nlohmann::json& body,
                                        const std::vector<FieldRule>& rules);

// Plain loops instead of std::regex (whose matcher recursed once per character and overflowed
// the stack on a 30 000-digit field).
bool all_digits(const std::string& text);
bool mainland_mobile(const std::string& text);  // 1[3-9] and nine more digits

}  // namespace yiwang::platform_sim
