// Certificates without a printer: the Digest rule, downloads from the platform simulator (good,
// tampered, unknown), IPP printer states as device status, and an unreachable printer.
#include <doctest/doctest.h>

#include <mutex>

#include "certificate/certificate_printer.h"
#include "platform/certificates.h"
#include "support/platform_process.h"
#include "support/wait_for.h"

using namespace yiwang;
using namespace yiwang::kiosk;
using test::PlatformProcess;

namespace {

PlatformClient client_for(const PlatformProcess& platform) {
  return PlatformClient(PlatformConfig{platform.url(), "T-TEST", true, 5000, {}});
}

std::string person_token(PlatformClient& client) {
  auto identity = client.post("/v1/identity/verify",
                              {{"method", "qr"}, {"token", "EID1:11010519491231002X:张三"}});
  REQUIRE(identity);
  return identity.value().body.value("person_token", "");
}

}  // namespace

TEST_CASE("Digest: sha-256 in base64, other algorithms ignored, anything else refused") {
  // SHA-256 of "abc", base64.
  const std::string abc = "sha-256=ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=";
  CHECK(digest_matches("abc", abc));
  CHECK(digest_matches("abc", "md5=kAFQmDzST7DWlj99KOF/cg==, " + abc));
  CHECK(digest_matches("abc", "SHA-256=ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="));
  CHECK_FALSE(digest_matches("abd", abc));
  CHECK_FALSE(digest_matches("abc", ""));
  CHECK_FALSE(digest_matches("abc", "md5=kAFQmDzST7DWlj99KOF/cg=="));
  CHECK_FALSE(digest_matches("abc", "sha-256="));
}

TEST_CASE("certificates from the platform: listed, downloaded whole, a tampered one refused") {
  PlatformProcess platform("certificates");
  REQUIRE(platform.running());
  auto client = client_for(platform);
  const std::string token = person_token(client);
  auto list = client.get("/v1/certificates?person_token=" + token);
  REQUIRE(list);
  REQUIRE(list.value().body.size() == 2);
  const std::string id = list.value().body[0].value("certificate_id", "");
  CHECK(list.value().body[0]["name"].value("zh", "") == "户籍证明");

  auto document = fetch_certificate(client, id);
  REQUIRE_MESSAGE(document, document.error().title);
  CHECK(document.value().pdf.rfind("%PDF-", 0) == 0);
  CHECK(document.value().pdf.size() > 10000);  // text, the seal image, the QR code
  CHECK(document.value().verification_code.size() == 11);

  kiosk::PlatformClient control(kiosk::PlatformConfig{platform.control_url(), "", true, 5000, {}});
  auto faults = control.post("/_sim/faults", {{"bad_digest", true}});
  REQUIRE(faults);
  auto tampered = fetch_certificate(client, id);
  REQUIRE_FALSE(tampered);
  CHECK(tampered.error().code == "digest_mismatch");
  CHECK(tampered.error().error_class == ErrorClass::permanent);
  REQUIRE(control.post("/_sim/faults", {{"bad_digest", false}}));

  auto unknown = fetch_certificate(client, "CERT-000000000000-09");
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().status == 404);
  CHECK_FALSE(client.get("/v1/certificates?person_token=nobody"));
}

TEST_CASE("IPP printer states become device status, after XFS4IoT") {
  using drivers::DeviceState;
  using drivers::IppPrinterState;
  using drivers::PaperState;
  struct Case {
    IppPrinterState printer;
    DeviceState state;
    PaperState paper;
    const char* reason;
  };
  const Case cases[] = {
      {{3, {}, true, ""}, DeviceState::online, PaperState::unknown, ""},
      {{4, {"media-low-report"}, true, ""}, DeviceState::online, PaperState::low, ""},
      {{5, {"paused"}, true, ""}, DeviceState::offline, PaperState::unknown, "queue_paused"},
      {{5, {"media-empty-error"}, true, ""},
       DeviceState::userError,
       PaperState::out,
       "media_empty"},
      {{3, {"media-empty-error"}, true, ""},
       DeviceState::userError,
       PaperState::out,
       "media_empty"},
      {{5, {"media-jam-error"}, true, ""},
       DeviceState::hardwareError,
       PaperState::jammed,
       "media_jam"},
      {{5, {"door-open-error"}, true, ""},
       DeviceState::userError,
       PaperState::unknown,
       "cover_open"},
      {{5, {"other"}, true, ""},
       DeviceState::hardwareError,
       PaperState::unknown,
       "printer_stopped"},
      {{3, {}, false, ""}, DeviceState::offline, PaperState::unknown, "not_accepting"},
      {{3, {"media-empty-report"}, true, ""},
       DeviceState::userError,
       PaperState::out,
       "media_empty"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.reason);
    const auto condition = drivers::condition_of(c.printer);
    CHECK(condition.state == c.state);
    CHECK(condition.paper == c.paper);
    CHECK(condition.reason == c.reason);
  }
}

TEST_CASE("an unreachable certificate printer: noDevice, the job not printed, the PDF wiped") {
  std::mutex mutex;
  std::vector<drivers::CertificateEvent> events;
  {
    drivers::CertificatePrinter printer("ipp://127.0.0.1:9/ipp/print", {}, [&](auto e) {
      std::lock_guard lock(mutex);
      events.push_back(std::move(e));
    });
    printer.print({"J1", "%PDF-1.5 not really"});
    REQUIRE(test::wait_for([&] {
      std::lock_guard lock(mutex);
      for (const auto& e : events)
        if (e.kind == drivers::CertificateEvent::Kind::jobDone) return true;
      return false;
    }));
  }
  bool no_device = false;
  for (const auto& e : events) {
    if (e.kind == drivers::CertificateEvent::Kind::jobDone) {
      CHECK(e.job_id == "J1");
      CHECK(e.outcome == drivers::CertificateEvent::Outcome::not_printed);
      CHECK(e.reason == "no_device");
    } else {
      no_device |= e.status.state == drivers::DeviceState::noDevice;
    }
  }
  CHECK(no_device);
}
