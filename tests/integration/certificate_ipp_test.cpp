// Certificates on real IPP printers (tests/printing/ipp_printers.sh starts them): CUPS'
// ippeveprinter directly and behind a cupsd queue. The spooled PDF is the one downloaded; a
// paused queue and a printer out of paper are reported and nothing is printed by surprise.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include "certificate/certificate_printer.h"
#include "platform/certificates.h"
#include "support/platform_process.h"
#include "support/wait_for.h"

using namespace yiwang;
using drivers::CertificateEvent;
namespace fs = std::filesystem;

namespace {

std::string env(const char* name) {
  const char* value = std::getenv(name);
  REQUIRE_MESSAGE(value != nullptr,
                  name << " is not set: run under tests/printing/ipp_printers.sh");
  return value;
}

struct Recorder {
  std::mutex mutex;
  std::vector<CertificateEvent> events;
  drivers::CertificatePrinter::Listener listener() {
    return [this](CertificateEvent e) {
      std::lock_guard lock(mutex);
      events.push_back(std::move(e));
    };
  }
  CertificateEvent wait_done(const std::string& job) {
    std::optional<CertificateEvent> found;
    REQUIRE(test::wait_for(
        [&] {
          std::lock_guard lock(mutex);
          for (const auto& e : events)
            if (e.kind == CertificateEvent::Kind::jobDone && e.job_id == job) found = e;
          return found.has_value();
        },
        60000));
    return *found;
  }
  std::string last_reason() {
    std::lock_guard lock(mutex);
    for (auto it = events.rbegin(); it != events.rend(); ++it)
      if (it->kind == CertificateEvent::Kind::statusChanged) return it->status.detail;
    return "?";
  }
};

// A certificate from the platform simulator, digest checked.
kiosk::CertificateDocument download(const test::PlatformProcess& platform) {
  kiosk::PlatformClient client(kiosk::PlatformConfig{platform.url(), "T-TEST", true, 5000, {}});
  auto identity = client.post("/v1/identity/verify",
                              {{"method", "qr"}, {"token", "EID1:11010519491231002X:张三"}});
  REQUIRE(identity);
  auto list = client.get("/v1/certificates?person_token=" +
                         identity.value().body.value("person_token", ""));
  REQUIRE(list);
  auto document =
      kiosk::fetch_certificate(client, list.value().body[0].value("certificate_id", ""));
  REQUIRE(document);
  return document.value();
}

std::vector<std::string> spooled_pdfs() {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(env("YIWANG_IPP_SPOOL")))
    if (entry.path().extension() == ".pdf") files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

drivers::CertificatePrinterSettings quick() {
  drivers::CertificatePrinterSettings s;
  s.follow_interval_ms = 200;
  s.job_timeout_ms = 30000;
  s.idle_poll_ms = 300;
  s.trouble_grace_ms = 2000;
  return s;
}

}  // namespace

TEST_CASE("a certificate prints on the IPP printer and on the CUPS queue; the PDF arrives intact") {
  test::PlatformProcess platform("certificate-ipp");
  REQUIRE(platform.running());
  for (std::string uri_variable : {"YIWANG_IPP_PRINTER", "YIWANG_CUPS_QUEUE"}) {
    CAPTURE(uri_variable);
    const auto document = download(platform);
    const std::size_t before = spooled_pdfs().size();
    Recorder recorder;
    drivers::CertificatePrinter printer(env(uri_variable.c_str()), quick(), recorder.listener());
    printer.print({std::string("C-") + uri_variable, document.pdf});
    const auto done = recorder.wait_done(std::string("C-") + uri_variable);
    CHECK(done.outcome == CertificateEvent::Outcome::completed);
    CHECK(done.reason.empty());
    REQUIRE(test::wait_for([&] { return spooled_pdfs().size() == before + 1; }, 10000));
    const std::string spooled = read(spooled_pdfs().back());
    CHECK_MESSAGE(spooled == document.pdf, spooled_pdfs().back()
                                               << ": " << spooled.size() << " bytes, sent "
                                               << document.pdf.size());
  }
}

TEST_CASE("a paused CUPS queue is reported and gets no job; resumed, it prints") {
  test::PlatformProcess platform("certificate-paused");
  REQUIRE(platform.running());
  const std::string server = env("YIWANG_CUPS_SERVER");
  REQUIRE(std::system(("cupsdisable -h " + server + " kiosk-a4").c_str()) == 0);
  Recorder recorder;
  drivers::CertificatePrinter printer(env("YIWANG_CUPS_QUEUE"), quick(), recorder.listener());
  const std::size_t before = spooled_pdfs().size();
  printer.print({"P1", download(platform).pdf});
  const auto refused = recorder.wait_done("P1");
  CHECK(refused.outcome == CertificateEvent::Outcome::not_printed);
  CHECK(refused.reason == "queue_paused");
  CHECK(recorder.last_reason() == "queue_paused");
  REQUIRE(std::system(("cupsenable -h " + server + " kiosk-a4").c_str()) == 0);
  CHECK(test::wait_for([&] { return recorder.last_reason().empty(); }, 5000));
  printer.print({"P2", download(platform).pdf});
  const auto resumed = recorder.wait_done("P2");
  CHECK_MESSAGE(resumed.outcome == CertificateEvent::Outcome::completed,
                resumed.reason << ": " << resumed.message);
  CHECK(test::wait_for([&] { return spooled_pdfs().size() == before + 1; }, 10000));
}

TEST_CASE("a printer out of paper: the job ends aborted, the reason is reported") {
  test::PlatformProcess platform("certificate-broken");
  REQUIRE(platform.running());
  for (std::string uri_variable : {"YIWANG_IPP_BROKEN_PRINTER", "YIWANG_CUPS_BROKEN_QUEUE"}) {
    CAPTURE(uri_variable);
    Recorder recorder;
    drivers::CertificatePrinter printer(env(uri_variable.c_str()), quick(), recorder.listener());
    printer.print({"B1", download(platform).pdf});
    const auto done = recorder.wait_done("B1");
    CHECK(done.outcome != CertificateEvent::Outcome::completed);
    MESSAGE(uri_variable << ": outcome " << int(done.outcome) << ", reason " << done.reason << " ("
                         << done.message << "), status " << recorder.last_reason());
    CHECK(done.reason == "media_empty");
    CHECK(recorder.last_reason() == "media_empty");
  }
}
