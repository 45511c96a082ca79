// The virtual receipt printer draws what the encoder sends: the receipt's QR decodes to its
// tracking code, and commands it does not understand are reported, not ignored.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>

#include "flow/receipt_layout.h"
#include "receipt/escpos_encoder.h"
#include "receipt/sim/virtual_printer.h"
#include "support/qr_decode.h"

using namespace yiwang;
namespace fs = std::filesystem;

namespace {

std::string font() {
  for (const char* path : {"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
                           "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"}) {
    if (fs::exists(path)) return path;
  }
  return "";
}

std::string png(const std::string& name) {
  return (fs::temp_directory_path() / ("yiwang-vp-" + std::to_string(::getpid()) + "-" + name))
      .string();
}

}  // namespace

TEST_CASE("a receipt's QR code decodes to its tracking code, online and offline") {
  REQUIRE_FALSE(font().empty());
  for (bool online : {true, false}) {
    kiosk::ReceiptContent content{"海口市美兰区政务服务中心",
                                  "户籍证明开具",
                                  "Certificate of household registration",
                                  online,
                                  "HN2026112200000042",
                                  "T4601050001-20261122-0042",
                                  "2026-11-22T09:30:00+08:00",
                                  "2026-11-23",
                                  0};
    const std::string path = png(online ? "online.png" : "offline.png");
    auto report = drivers::render_escpos_png(kiosk::receipt_bytes(content), path, {font(), 576});
    REQUIRE_MESSAGE(report, report.error());
    CHECK(report.value().unknown_commands.empty());
    CHECK(report.value().qr_codes == 1);
    CHECK(report.value().cuts == 1);
    CHECK(test::decode_qr_png(path) == kiosk::tracking_code(content));
    fs::remove(path);
  }
}

TEST_CASE("unknown commands are reported with their offset") {
  drivers::EscPosEncoder encoder;
  encoder.initialise().line("ok").raw({0x1B, 0x7A, 0x01});
  auto report = drivers::render_escpos_png(encoder.bytes(), png("unknown.png"), {font(), 384});
  REQUIRE(report);
  REQUIRE(report.value().unknown_commands.size() == 1);
  CHECK(report.value().unknown_commands[0].find("1B 7A") == 0);
  fs::remove(png("unknown.png"));
}
