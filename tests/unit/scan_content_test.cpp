// Scan classification: each kind recognised by its full shape, malformed and binary content
// rejected with a reason, and what the flow does with each kind.
#include <doctest/doctest.h>

#include "flow/scan_content.h"

using yiwang::kiosk::classify_scan;
using yiwang::kiosk::ScanKind;

TEST_CASE("the project's own codes are recognised") {
  auto online = classify_scan("YWTRACK:1:C:HN2026112100012345");
  CHECK(online.kind == ScanKind::tracking);
  CHECK(online.case_id == "HN2026112100012345");
  CHECK(online.local_id.empty());
  auto offline = classify_scan("YWTRACK:1:L:T4601050001-20261121-0007");
  CHECK(offline.kind == ScanKind::tracking);
  CHECK(offline.local_id == "T4601050001-20261121-0007");
  CHECK(classify_scan("EID1:11010519491231002X:张三").kind == ScanKind::eid);
  CHECK(classify_scan("EID1:11010519491231002X:欧阳娜娜").kind == ScanKind::eid);
  CHECK(classify_scan("kiosk-enroll:v1:eyJwbGF0Zm9ybSI6Imh0dHBzOi8vIn0").kind ==
        ScanKind::provisioning);
}

TEST_CASE("malformed codes of a known kind are rejected, with a reason and never the content") {
  for (const char* code :
       {"YWTRACK:2:C:HN2026112100012345", "YWTRACK:1:X:HN20261121", "YWTRACK:1:C:HN",
        "YWTRACK:1:C:HN-2026/11", "YWTRACK:", "EID1:11010519491231002Y:张三",
        "EID1:11010519491231002X", "EID1:11010519491231002X:", "EID1:340524198001010013:李四",
        "EID1:11010519491231002X:a:b", "kiosk-enroll:v1:", "kiosk-enroll:v1:not base64!"}) {
    CAPTURE(code);
    const auto content = classify_scan(code);
    CHECK(content.kind == ScanKind::rejected);
    CHECK_FALSE(content.reason.empty());
    CHECK(content.reason.find("张三") == std::string::npos);
  }
}

TEST_CASE("binary, broken UTF-8, over-long and empty content is rejected") {
  CHECK(classify_scan(std::string("EID1:\x01\x02", 7)).kind == ScanKind::rejected);
  CHECK(classify_scan("abc\x7F").kind == ScanKind::rejected);
  CHECK(classify_scan("\xE5\xBC").kind == ScanKind::rejected);      // cut inside a character
  CHECK(classify_scan("\xC0\xAF").kind == ScanKind::rejected);      // overlong encoding
  CHECK(classify_scan("\xE5\x41\x41").kind == ScanKind::rejected);  // bad continuation
  CHECK(classify_scan(std::string(2049, 'A')).kind == ScanKind::rejected);
  CHECK(classify_scan("").kind == ScanKind::rejected);
  CHECK(classify_scan(std::string(2048, 'A')).kind == ScanKind::unknown);
}

TEST_CASE("anything else is unknown, not rejected") {
  CHECK(classify_scan("https://example.com/pay?order=1").kind == ScanKind::unknown);
  CHECK(classify_scan("6901234567892").kind == ScanKind::unknown);
  CHECK(classify_scan("ywtrack:1:C:HN2026112100012345").kind == ScanKind::unknown);
}
