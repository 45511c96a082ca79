// The virtual receipt printer draws what the composer sends: the receipt's QR decodes to its
// tracking code with ZXing-cpp and with ZBar, raster fallbacks print, and commands it does not
// understand are reported, not ignored.
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "common/gb18030.h"
#include "receipt/escpos_encoder.h"
#include "receipt/sim/escpos_machine.h"
#include "receipt/sim/virtual_printer.h"
#include "receipt/text_layout.h"
#include "receipt/text_raster.h"
#include "support/qr_decode.h"
#include "support/receipts.h"

using namespace yiwang;
namespace fs = std::filesystem;

namespace {

std::string png(const std::string& name) {
  return (fs::temp_directory_path() / ("yiwang-vp-" + std::to_string(::getpid()) + "-" + name))
      .string();
}

std::vector<drivers::Page> printed_pages(const std::vector<std::uint8_t>& bytes) {
  drivers::EscPosMachine machine;
  std::vector<std::uint8_t> replies;
  machine.receive(bytes, replies);
  CHECK(machine.unknown_commands().empty());
  return machine.take_cut_pages();
}

bool contains(const std::vector<std::uint8_t>& bytes, std::vector<std::uint8_t> needle) {
  return std::search(bytes.begin(), bytes.end(), needle.begin(), needle.end()) != bytes.end();
}

}  // namespace

TEST_CASE("a receipt's QR code decodes to its tracking code with ZXing and ZBar") {
  const std::string font = test::cjk_font();
  REQUIRE_FALSE(font.empty());
  for (bool native_qr : {true, false}) {
    for (bool online : {true, false}) {
      CAPTURE(native_qr);
      CAPTURE(online);
      const auto content = test::sample_receipt(online);
      drivers::PrinterProfile profile;
      profile.native_qr = native_qr;
      const auto bytes =
          drivers::compose_receipt(test::receipt_document(content), profile, nullptr);
      CHECK(contains(bytes, {0x1D, 0x28, 0x6B}) == native_qr);  // raster: no GS ( k at all
      const std::string path = png("receipt.png");
      auto report = drivers::render_escpos_png(bytes, path, {font, 576});
      REQUIRE_MESSAGE(report, report.error());
      CHECK(report.value().unknown_commands.empty());
      CHECK(report.value().cuts == 1);
      CHECK(test::decode_qr_png(path) == kiosk::tracking_code(content));
      CHECK(test::decode_qr_png_zbar(path) == kiosk::tracking_code(content));
      fs::remove(path);
    }
  }
}

TEST_CASE("58 mm paper: every printed line fits 32 columns, CJK counting double") {
  drivers::PrinterProfile narrow;
  narrow.paper_dots = 384;
  const auto pages = printed_pages(drivers::compose_receipt(
      test::receipt_document(test::sample_receipt(true)), narrow, nullptr));
  REQUIRE(pages.size() == 1);
  int lines = 0;
  for (const auto& op : pages[0].ops) {
    if (op.kind != drivers::PaperOp::Kind::text) continue;
    auto utf8 = drivers::gb18030_to_utf8(op.gb18030);
    REQUIRE(utf8);
    CAPTURE(utf8.value());
    CHECK(drivers::display_width(utf8.value()) * op.width <= 32);
    ++lines;
  }
  CHECK(lines > 15);
  // The long English item name was wrapped, not cut: every word is on the paper.
  CHECK(pages[0].text().find("household") != std::string::npos);
  CHECK(pages[0].text().find("registration") != std::string::npos);
}

TEST_CASE("a rare character the printer's font lacks goes out as a raster image of its glyph") {
  const std::string font = test::cjk_font();
  auto rasterizer = drivers::TextRasterizer::open(font);
  REQUIRE_MESSAGE(rasterizer, rasterizer.error());
  // U+4DAE and U+3400, CJK Extension A: 䶮 has a two-byte code only in the user-defined area
  // (FE 9F), 㐀 is four bytes in GB18030. Both are real name characters.
  const std::string village = "䶮㐀村便民服务站";
  CHECK_FALSE(drivers::printable_as_two_byte_gb18030(village));
  CHECK_FALSE(drivers::printable_as_two_byte_gb18030("𠮷"));
  CHECK(drivers::printable_as_two_byte_gb18030("政务服务 Service 12345"));

  drivers::ReceiptDocument document;
  drivers::ReceiptBlock line;
  line.text = village;
  document.blocks.push_back(line);
  line.text = "政务服务";
  document.blocks.push_back(line);
  line.kind = drivers::ReceiptBlock::Kind::cut;
  document.blocks.push_back(line);
  const auto bytes = drivers::compose_receipt(document, {}, rasterizer.value().get());
  CHECK(contains(bytes, {0x1D, 0x76, 0x30, 0x00}));  // GS v 0
  CHECK_FALSE(contains(bytes, {0xFE, 0x9F}));        // 䶮 not sent as text

  const auto pages = printed_pages(bytes);
  REQUIRE(pages.size() == 1);
  int rasters = 0;
  for (const auto& op : pages[0].ops) rasters += op.kind == drivers::PaperOp::Kind::raster;
  CHECK(rasters == 1);
  CHECK(pages[0].text().find("政务服务") != std::string::npos);
  CHECK(pages[0].text().find('?') == std::string::npos);

  // The image holds the font's glyphs, not its missing-glyph box.
  const auto drawn = rasterizer.value()->render("䶮", 24, false);
  const auto missing = rasterizer.value()->render("\xF3\xBF\xBF\xBD", 24, false);  // U+FFFFD
  CHECK(drawn.bits != missing.bits);

  // Without a rasterizer the characters cannot print: they come out as '?', visibly.
  const auto blind = printed_pages(drivers::compose_receipt(document, {}, nullptr));
  REQUIRE(blind.size() == 1);
  CHECK(blind[0].text().find('?') != std::string::npos);

  const std::string path = png("rare.png");
  REQUIRE(drivers::render_pages_png(pages, path, {font, 576}));
  fs::remove(path);
}

TEST_CASE("unknown commands are reported with their offset") {
  drivers::EscPosEncoder encoder;
  encoder.initialise().line("ok").raw({0x1B, 0x7A, 0x01});
  auto report =
      drivers::render_escpos_png(encoder.bytes(), png("unknown.png"), {test::cjk_font(), 384});
  REQUIRE(report);
  REQUIRE(report.value().unknown_commands.size() == 1);
  CHECK(report.value().unknown_commands[0].find("1B 7A") == 0);
  fs::remove(png("unknown.png"));
}
