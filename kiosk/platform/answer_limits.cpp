// Answer limits and shapes, after platform-api.md: iterative checks, errors as values.
#include "platform/answer_limits.h"

#include <algorithm>
#include <initializer_list>
#include <utility>

namespace yiwang::kiosk {

using nlohmann::json;

std::size_t answer_byte_limit(const std::string& content_type) {
  return content_type.rfind("application/pdf", 0) == 0 ? kMaxDocumentBytes : kMaxJsonAnswerBytes;
}

int json_depth(const std::string& text) {
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
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if (c == ']' || c == '}') {
      depth = std::max(0, depth - 1);
    }
  }
  return deepest;
}

namespace {

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.rfind(prefix, 0) == 0;
}

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

enum class Type { string, integer, boolean, object, array, string_or_null, object_or_null };

bool is(const json& value, Type type) {
  switch (type) {
    case Type::string:
      return value.is_string();
    case Type::integer:
      return value.is_number_integer();
    case Type::boolean:
      return value.is_boolean();
    case Type::object:
      return value.is_object();
    case Type::array:
      return value.is_array();
    case Type::string_or_null:
      return value.is_string() || value.is_null();
    case Type::object_or_null:
      return value.is_object() || value.is_null();
  }
  return false;
}

struct Field {
  const char* name;
  Type type;
  bool required = false;
};

// Checks the listed fields of one object; prefix names where it sits in the answer.
std::string check_object(const json& object, std::initializer_list<Field> fields,
                         const std::string& prefix) {
  if (!object.is_object()) return (prefix.empty() ? "the answer" : prefix) + " is not an object";
  for (const Field& field : fields) {
    const auto found = object.find(field.name);
    if (found == object.end()) {
      if (field.required) return prefix + field.name + " is missing";
      continue;
    }
    if (!is(*found, field.type)) return prefix + field.name + " has the wrong type";
  }
  return "";
}

// Each element of an array field is an object checked with fields.
std::string check_each(const json& object, const char* name, std::initializer_list<Field> fields,
                       const std::string& prefix = "") {
  const auto found = object.find(name);
  if (found == object.end() || !found->is_array()) return "";
  for (std::size_t i = 0; i < found->size(); ++i) {
    std::string problem =
        check_object((*found)[i], fields, prefix + name + "[" + std::to_string(i) + "].");
    if (!problem.empty()) return problem;
  }
  return "";
}

std::string check_case(const json& body, const std::string& prefix) {
  std::string problem = check_object(body,
                                     {{"case_id", Type::string, true},
                                      {"local_id", Type::string},
                                      {"item_code", Type::string},
                                      {"item_name", Type::object},
                                      {"status", Type::string, true},
                                      {"updated_at", Type::string},
                                      {"history", Type::array}},
                                     prefix);
  if (!problem.empty()) return problem;
  return check_each(body, "history",
                    {{"at", Type::string}, {"status", Type::string}, {"note", Type::object}},
                    prefix);
}

}  // namespace

AnswerKind answer_kind(const std::string& method, const std::string& full_path) {
  const std::string path = full_path.substr(0, full_path.find('?'));
  const bool query = path.size() != full_path.size();
  if (method == "GET") {
    if (path == "/v1/catalog") return AnswerKind::catalog;
    if (path == "/v1/applications") return query ? AnswerKind::case_list : AnswerKind::other;
    if (starts_with(path, "/v1/applications/")) return AnswerKind::case_record;
    if (starts_with(path, "/v1/payments/")) return AnswerKind::payment_status;
    if (path == "/v1/certificates") return AnswerKind::certificate_list;
    return AnswerKind::other;
  }
  if (method != "POST") return AnswerKind::other;
  if (path == "/v1/identity/verify") return AnswerKind::identity;
  if (path == "/v1/applications") return AnswerKind::application;
  if (path == "/v1/evaluations") return AnswerKind::evaluation;
  if (path == "/v1/payments") return AnswerKind::payment_order;
  if (path == "/v1/help-requests") return AnswerKind::help_request;
  if (path == "/v1/terminals/enroll") return AnswerKind::enrollment;
  if (starts_with(path, "/v1/terminals/") && ends_with(path, "/heartbeat")) {
    return AnswerKind::heartbeat;
  }
  return AnswerKind::other;
}

const char* to_string(AnswerKind kind) {
  switch (kind) {
    case AnswerKind::catalog:
      return "catalog";
    case AnswerKind::identity:
      return "identity";
    case AnswerKind::application:
      return "application";
    case AnswerKind::case_record:
      return "case";
    case AnswerKind::case_list:
      return "case list";
    case AnswerKind::evaluation:
      return "evaluation";
    case AnswerKind::payment_order:
      return "payment order";
    case AnswerKind::payment_status:
      return "payment status";
    case AnswerKind::heartbeat:
      return "heartbeat";
    case AnswerKind::certificate_list:
      return "certificate list";
    case AnswerKind::help_request:
      return "help request";
    case AnswerKind::enrollment:
      return "enrollment";
    case AnswerKind::other:
      return "other";
  }
  return "other";
}

std::string shape_problem(AnswerKind kind, const json& body) {
  switch (kind) {
    case AnswerKind::catalog:
      // The items themselves are checked one by one by the catalog model (a bad item is left
      // out, not the whole catalog).
      return check_object(body,
                          {{"version", Type::string, true},
                           {"categories", Type::array},
                           {"items", Type::array, true},
                           {"page", Type::integer},
                           {"pages", Type::integer}},
                          "");
    case AnswerKind::identity: {
      std::string problem = check_object(body,
                                         {{"person_token", Type::string, true},
                                          {"display_name", Type::string},
                                          {"expires_at", Type::string},
                                          {"subject", Type::object_or_null}},
                                         "");
      if (!problem.empty() || !body.contains("subject") || body["subject"].is_null()) {
        return problem;
      }
      return check_object(
          body["subject"],
          {{"card_type", Type::string}, {"id_number", Type::string}, {"name", Type::string}},
          "subject.");
    }
    case AnswerKind::application:
      return check_object(body,
                          {{"case_id", Type::string, true},
                           {"local_id", Type::string},
                           {"status", Type::string},
                           {"accepted_at", Type::string},
                           {"promised_by", Type::string},
                           {"fee_fen", Type::integer},
                           {"payment_required", Type::boolean}},
                          "");
    case AnswerKind::case_record:
      return check_case(body, "");
    case AnswerKind::case_list: {
      if (!body.is_array()) return "the answer is not a list";
      for (std::size_t i = 0; i < body.size(); ++i) {
        std::string problem = check_case(body[i], "[" + std::to_string(i) + "].");
        if (!problem.empty()) return problem;
      }
      return "";
    }
    case AnswerKind::evaluation:
      return check_object(body, {{"evaluation_id", Type::string, true}}, "");
    case AnswerKind::payment_order:
      return check_object(body,
                          {{"order_id", Type::string, true},
                           {"qr_payload", Type::string, true},
                           {"expires_at", Type::string}},
                          "");
    case AnswerKind::payment_status:
      return check_object(body,
                          {{"order_id", Type::string, true},
                           {"status", Type::string, true},
                           {"paid_at", Type::string_or_null}},
                          "");
    case AnswerKind::heartbeat: {
      std::string problem = check_object(body,
                                         {{"config_version", Type::integer},
                                          {"config", Type::object_or_null},
                                          {"commands", Type::array}},
                                         "");
      if (!problem.empty()) return problem;
      return check_each(body, "commands",
                        {{"id", Type::string, true},
                         {"type", Type::string, true},
                         {"version", Type::string},
                         {"bundle_url", Type::string},
                         {"sha256", Type::string}});
    }
    case AnswerKind::certificate_list: {
      if (!body.is_array()) return "the answer is not a list";
      for (std::size_t i = 0; i < body.size(); ++i) {
        std::string problem = check_object(body[i],
                                           {{"certificate_id", Type::string, true},
                                            {"type_code", Type::string},
                                            {"name", Type::object},
                                            {"issued_at", Type::string},
                                            {"issuer", Type::object}},
                                           "[" + std::to_string(i) + "].");
        if (!problem.empty()) return problem;
      }
      return "";
    }
    case AnswerKind::help_request:
      return check_object(body,
                          {{"request_id", Type::string, true}, {"eta_minutes", Type::integer}}, "");
    case AnswerKind::enrollment:
      return check_object(body,
                          {{"terminal_id", Type::string, true},
                           {"certificate_pem", Type::string, true},
                           {"ca_pem", Type::string, true},
                           {"region_code", Type::string},
                           {"site_name", Type::object},
                           {"config", Type::object_or_null}},
                          "");
    case AnswerKind::other:
      return "";
  }
  return "";
}

Result<json, std::string> read_answer(AnswerKind kind, const std::string& bytes) {
  if (bytes.size() > kMaxJsonAnswerBytes) return fail(std::string("the answer is over 1 MiB"));
  if (json_depth(bytes) > kMaxAnswerDepth) {
    return fail(std::string("the answer is nested deeper than 64 levels"));
  }
  json body = json::parse(bytes, nullptr, false);
  if (body.is_discarded()) return fail(std::string("the answer is not JSON"));
  std::string problem = shape_problem(kind, body);
  if (!problem.empty()) return fail(std::string(to_string(kind)) + " answer: " + problem);
  return body;
}

}  // namespace yiwang::kiosk
