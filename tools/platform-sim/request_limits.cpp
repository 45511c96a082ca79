// Body limits without recursion: a bracket-depth scan before parsing, and iterative type checks.
#include "request_limits.h"

#include <algorithm>

namespace yiwang::platform_sim {

using nlohmann::json;

int json_nesting_depth(const std::string& text) {
  int depth = 0;
  int deepest = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if (c == ']' || c == '}') {
      depth = std::max(0, depth - 1);
    }
  }
  return deepest;
}

ParsedBody parse_limited_object(const std::string& body) {
  if (body.size() > kMaxLogBundleBytes) return {nullptr, "the body is too large"};
  if (json_nesting_depth(body) > kMaxJsonDepth) {
    return {nullptr, "JSON is nested deeper than " + std::to_string(kMaxJsonDepth) + " levels"};
  }
  json value = json::parse(body, nullptr, false);
  if (value.is_discarded()) return {nullptr, "the body is not JSON (or not valid UTF-8)"};
  if (!value.is_object()) return {nullptr, "the body must be a JSON object"};
  return {std::move(value), ""};
}

namespace {

bool has_type(const json& value, FieldType type) {
  switch (type) {
    case FieldType::string:
      return value.is_string();
    case FieldType::integer:
      return value.is_number_integer();
    case FieldType::boolean:
      return value.is_boolean();
    case FieldType::object:
      return value.is_object();
    case FieldType::array:
      return value.is_array();
    case FieldType::string_or_null:
      return value.is_string() || value.is_null();
    case FieldType::object_or_null:
      return value.is_object() || value.is_null();
  }
  return false;
}

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const auto dot = path.find('.', start);
    parts.push_back(path.substr(start, dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return parts;
}

// Walks one rule through the body with an explicit work list (arrays fan out at "*").
void check_rule(const json& body, const FieldRule& rule, std::vector<json>& problems) {
  const auto parts = split_path(rule.path);
  struct Step {
    const json* node;
    std::size_t part;
    std::string name;
  };
  std::vector<Step> work{{&body, 0, ""}};
  while (!work.empty()) {
    Step step = std::move(work.back());
    work.pop_back();
    if (step.part == parts.size()) {
      if (!has_type(*step.node, rule.type)) {
        problems.push_back({{"field", step.name}, {"code", "wrong_type"}});
      }
      continue;
    }
    const std::string& part = parts[step.part];
    const std::string prefix = step.name.empty() ? "" : step.name + ".";
    if (part == "*") {
      // Every element of an array, every member of an object; anything else is reported by the
      // container's own rule.
      if (step.node->is_array()) {
        for (std::size_t i = 0; i < step.node->size(); ++i) {
          work.push_back({&(*step.node)[i], step.part + 1, prefix + std::to_string(i)});
        }
      } else if (step.node->is_object()) {
        for (const auto& [key, member] : step.node->items()) {
          work.push_back({&member, step.part + 1, prefix + key});
        }
      }
    } else if (step.node->is_object()) {
      const auto found = step.node->find(part);
      if (found != step.node->end()) work.push_back({&*found, step.part + 1, prefix + part});
    }
  }
}

}  // namespace

std::vector<json> wrong_types(const json& body, const std::vector<FieldRule>& rules) {
  std::vector<json> problems;
  for (const auto& rule : rules) check_rule(body, rule, problems);
  return problems;
}

bool all_digits(const std::string& text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool mainland_mobile(const std::string& text) {
  return text.size() == 11 && text[0] == '1' && text[1] >= '3' && text[1] <= '9' &&
         all_digits(text);
}

}  // namespace yiwang::platform_sim
