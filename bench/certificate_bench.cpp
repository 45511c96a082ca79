// certificate-bench: a certificate's download (the platform simulator draws the PDF with cairo),
// digest check and spooling (Print-Job accepted by the IPP printer), each timed. Needs the real
// printers of tests/printing/ipp_printers.sh:
//   tests/printing/ipp_printers.sh build/bench/certificate-bench [iterations, default 20]
// Prints figures; asserts nothing.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "certificate/ipp_client.h"
#include "platform/certificates.h"
#include "support/platform_process.h"
#include "timings.h"

using namespace yiwang;
using bench::Clock;
using bench::ms;

int main(int argc, char** argv) {
  const int iterations = argc > 1 ? std::atoi(argv[1]) : 20;
  const char* uri = std::getenv("YIWANG_IPP_PRINTER");
  if (uri == nullptr) {
    std::fprintf(stderr, "certificate-bench: run it under tests/printing/ipp_printers.sh\n");
    return 2;
  }
  test::PlatformProcess platform("certificate-bench");
  kiosk::PlatformClient client(kiosk::PlatformConfig{platform.url(), "T-BENCH", true, 10000, {}});
  auto identity = client.post("/v1/identity/verify",
                              {{"method", "qr"}, {"token", "EID1:11010519491231002X:张三"}});
  auto list = identity ? client.get("/v1/certificates?person_token=" +
                                    identity.value().body.value("person_token", ""))
                       : kiosk::PlatformResult(fail(identity.error()));
  auto printer = drivers::IppClient::open(uri);
  if (!list || !printer) {
    std::fprintf(stderr, "certificate-bench: setup failed\n");
    return 1;
  }
  const std::string id = list.value().body[0].value("certificate_id", "");
  std::vector<double> download, verify, spool, total;
  std::size_t bytes = 0;
  for (int i = 0; i < iterations; ++i) {
    const auto start = Clock::now();
    auto reply = client.get("/v1/certificates/" + id + "/document");
    const auto downloaded = Clock::now();
    if (!reply || !kiosk::digest_matches(reply.value().document, reply.value().digest)) return 1;
    const auto verified = Clock::now();
    const auto& pdf = reply.value().document;
    bytes = pdf.size();
    auto job = printer.value()->print_pdf(
        {reinterpret_cast<const std::uint8_t*>(pdf.data()), pdf.size()}, "bench");
    const auto spooled = Clock::now();
    if (!job) {
      std::fprintf(stderr, "certificate-bench: %s\n", job.error().message.c_str());
      return 1;
    }
    // ippeveprinter prints one job at a time: let this one finish before the next download.
    while (true) {
      auto state = printer.value()->job_state(job.value());
      if (!state || state.value().finished()) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    download.push_back(ms(downloaded - start));
    verify.push_back(ms(verified - downloaded));
    spool.push_back(ms(spooled - verified));
    total.push_back(ms(spooled - start));
  }
  std::printf(
      "certificate-bench: %d certificates of %zu bytes, platform-sim over HTTP and "
      "ippeveprinter over IPP, both on loopback\n",
      iterations, bytes);
  bench::print_distribution("download (server draws the PDF)", download);
  bench::print_distribution("digest check (SHA-256)", verify);
  bench::print_distribution("spool (Print-Job accepted)", spool);
  bench::print_distribution("download + verify + spool", total);
  return 0;
}
