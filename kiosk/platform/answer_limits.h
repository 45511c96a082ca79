// The contract's limits on what the kiosk receives: JSON answers at most 1 MiB and 64 levels
// deep, certificate documents at most 20 MiB, and each answer's fields of the types it names.
#pragma once

#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

#include "common/result.h"

namespace yiwang::kiosk {

inline constexpr std::size_t kMaxJsonAnswerBytes = std::size_t{1024} * 1024;
inline constexpr std::size_t kMaxDocumentBytes = std::size_t{20} * 1024 * 1024;
inline constexpr int kMaxAnswerDepth = 64;

// The largest body accepted for an answer of this Content-Type (documents are PDFs).
std::size_t answer_byte_limit(const std::string& content_type);

// Deepest nesting of arrays and objects, counted with a loop (a hostile answer nested a million
// levels deep costs one pass and no stack).
int json_depth(const std::string& text);

// Which answer a request gets, by method and path (query strings included).
enum class AnswerKind {
  catalog,
  identity,
  application,       // POST /v1/applications
  case_record,       // GET /v1/applications/{case_id}
  case_list,         // GET /v1/applications?...
  evaluation,        // POST /v1/evaluations
  payment_order,     // POST /v1/payments
  payment_status,    // GET /v1/payments/{order_id}
  heartbeat,         // POST /v1/terminals/{id}/heartbeat
  certificate_list,  // GET /v1/certificates?person_token=...
  help_request,      // POST /v1/help-requests
  enrollment,        // POST /v1/terminals/enroll
  other,             // not the contract's (or no JSON expected): size and depth only
};
AnswerKind answer_kind(const std::string& method, const std::string& path);
const char* to_string(AnswerKind kind);

// Empty when body has the shape the contract gives this answer: the fields the kiosk needs are
// there, and every field it reads has the contract's type. Otherwise what is wrong (the field's
// name, never its value).
std::string shape_problem(AnswerKind kind, const nlohmann::json& body);

// Bytes of a 2xx JSON answer to a value, within every limit above; the error says why not.
Result<nlohmann::json, std::string> read_answer(AnswerKind kind, const std::string& bytes);

}  // namespace yiwang::kiosk
