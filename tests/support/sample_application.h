// A complete application body the platform simulator accepts, for outbox and link tests.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace yiwang::test {

// A 60x20 grey PNG with a line of ink (445 dark pixels): a signature the simulator accepts.
inline constexpr const char* kSampleSignaturePng =
    "iVBORw0KGgoAAAANSUhEUgAAADwAAAAUCAAAAAD0aAH1AAAAT0lEQVR42tXUQQoAIAhE0X//"
    "S9cqCFLk66rZPyIbg5Plw50Rtp6HY3BwPAZ3Pfn1Mdh7qvEjnuqXmPpRDcx4fP0xOPd01w+Dw06M1n/y92w3b/"
    "AsFsNXtgAAAABJRU5ErkJggg==";

inline std::string sample_application(const std::string& local_id) {
  const nlohmann::json body = {
      {"local_id", local_id},
      {"item_code", "460100-0003-0002"},
      {"applicant", {{"card", {{"id_number", "11010519491231002X"}, {"name", "张三"}}}}},
      {"form",
       {{"name", "张三"},
        {"id_number", "11010519491231002X"},
        {"phone", "13800138000"},
        {"purpose", "job"}}},
      {"materials", nlohmann::json::array()},
      {"commitment",
       {{"version", "C-2026-01"},
        {"accepted_at", "2026-11-22T09:00:00+08:00"},
        {"signature_png_base64", kSampleSignaturePng}}},
      {"delivery", {{"method", "electronic"}}},
      {"submitted_offline", true}};
  return body.dump();
}

}  // namespace yiwang::test
