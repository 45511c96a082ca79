// receipt-bench: time from "submit confirmed" to the first receipt byte at the printer.
// The part on the UI thread (template values, fill, journal write with synchronous=FULL) and the
// part after it (composition with the raster font, the driver's status check, the body's first
// byte arriving at the virtual printer over TCP) are timed separately and together.
// Prints figures; asserts nothing.   receipt-bench [iterations, default 200] [work dir]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "app/receipt_station.h"
#include "database.h"
#include "flow/receipt_layout.h"
#include "receipt/receipt_printer.h"
#include "receipt/sim/printer_server.h"
#include "receipt/text_raster.h"
#include "receipt_journal.h"
#include "services/i18n.h"
#include "timings.h"

using namespace yiwang;
using bench::Clock;
using bench::ms;

namespace {

std::string read_file(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  std::string text;
  if (f == nullptr) return text;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) text.append(buffer, n);
  std::fclose(f);
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  const int iterations = argc > 1 ? std::atoi(argv[1]) : 200;
  const std::filesystem::path dir = argc > 2 ? argv[2] : "receipt-bench.d";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string assets = YIWANG_ASSETS_DIR;
  kiosk::I18n i18n;
  std::string error;
  if (!i18n.load(assets + "/i18n/strings.tsv", error))
    return std::fprintf(stderr, "%s\n", error.c_str()), 1;
  auto receipt_template = kiosk::parse_receipt_template(
      read_file(assets + "/receipts/receipt.tmpl"), "receipt.tmpl", error);
  auto opened = store::Database::open((dir / "kiosk.db").string());
  const std::string font = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc";
  auto rasterizer = drivers::TextRasterizer::open(font);
  if (!receipt_template || !opened.status.ok() || !rasterizer) {
    std::fprintf(stderr, "setup failed: %s %s\n", error.c_str(), opened.status.message.c_str());
    return 1;
  }
  store::ReceiptJournal journal(*opened.database);
  auto server = drivers::VirtualPrinterServer::start({});
  if (!server) {
    std::fprintf(stderr, "%s\n", server.error().c_str());
    return 1;
  }
  std::mutex mutex;
  std::vector<std::string> finished;
  drivers::ReceiptPrinterSettings settings;
  drivers::ReceiptPrinter printer(drivers::make_tcp_port("127.0.0.1", server.value()->port()),
                                  settings, [&](drivers::PrintEvent e) {
                                    if (e.kind != drivers::PrintEvent::Kind::jobDone) return;
                                    std::lock_guard lock(mutex);
                                    finished.push_back(e.job_id);
                                  });
  // The same content a resident gets, with a rare character so the raster path is in it too.
  kiosk::ReceiptContent content{"䶮村便民服务站",
                                "Village service station",
                                "户籍证明开具",
                                "Certificate of household registration",
                                true,
                                "HN2026112200000042",
                                "",
                                "2026-11-22 09:30",
                                "2026-11-23",
                                0,
                                0,
                                "窗口领取",
                                "Collect at the counter"};
  std::vector<double> ui_part;
  std::vector<double> device_part;
  std::vector<double> total;
  for (int i = 0; i < iterations; ++i) {
    content.local_id = "T4601050001-20261122-" + std::to_string(1000 + i);
    const auto confirmed = Clock::now();
    // UI thread: what KioskFlow::print_receipt does once the case number is known.
    const auto values = kiosk::receipt_values(content, "");
    const auto document = kiosk::fill_receipt_template(*receipt_template, values, i18n);
    if (!journal.begin(content.local_id, content.local_id, false, "{}", 0).ok()) return 1;
    const auto handed_over = Clock::now();
    // The port: composition for this printer, then the driver thread takes it.
    auto job = kiosk::compose_job(document, {}, rasterizer.value().get());
    printer.print({content.local_id, std::move(job.body), std::move(job.cut)});
    std::optional<Clock::time_point> first;
    while (!(first = server.value()->first_print_byte_after(handed_over)))
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    ui_part.push_back(ms(handed_over - confirmed));
    device_part.push_back(ms(*first - handed_over));
    total.push_back(ms(*first - confirmed));
    // Let the job finish before the next one, as residents do not overlap.
    while (true) {
      {
        std::lock_guard lock(mutex);
        if (!finished.empty() && finished.back() == content.local_id) break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  std::printf("receipt-bench: %d receipts to the virtual printer over TCP (loopback)\n",
              iterations);
  bench::print_distribution("UI thread: values, template, journal write", ui_part);
  bench::print_distribution("compose + status check + first byte", device_part);
  bench::print_distribution("submit confirmed -> first receipt byte", total);
  std::printf("  pages cut: %zu\n", server.value()->pages().size());
  std::filesystem::remove_all(dir);
  return 0;
}
