// The footer: residents see only the devices they cannot use and what to do instead; the
// technician's full status line (queue counts, every device) only on technician screens.
#include <doctest/doctest.h>

#include <algorithm>

#include "screens/chrome.h"
#include "screens/screens.h"
#include "services/i18n.h"

using namespace yiwang;
using ui::ScreenId;

namespace {

// Every text on a screen, joined.
std::string texts(const ui::ViewModel& model, const kiosk::I18n& i18n) {
  ui::Frame frame;
  ui::make_screen(model.screen)->build(model, i18n, frame);
  std::string all;
  for (const auto& w : frame.widgets()) all += w.text + "\n";
  return all;
}

ui::ViewModel troubled(ScreenId screen) {
  ui::ViewModel model;
  model.screen = screen;
  model.pending = 7;
  model.dead = 2;
  model.devices = {{"idcard", "noDevice"},
                   {"receipt", "paper_out"},
                   {"scanner", "online"},
                   {"certificate", "online"}};
  return model;
}

}  // namespace

TEST_CASE("resident screens show what concerns residents, never the technician's status line") {
  kiosk::I18n i18n;
  std::string error;
  REQUIRE(i18n.load(YIWANG_ASSETS_DIR "/i18n/strings.tsv", error));
  for (ScreenId screen : {ScreenId::attract, ScreenId::identify, ScreenId::catalog,
                          ScreenId::review, ScreenId::maintenance_pin}) {
    CAPTURE(ui::screen_name(screen));
    const std::string shown = texts(troubled(screen), i18n);
    CHECK(shown.find("回执打印机缺纸：您的编号会显示在屏幕上") != std::string::npos);
    CHECK(shown.find("读卡器暂不可用：请出示电子身份证二维码") != std::string::npos);
    CHECK(shown.find("待发送") == std::string::npos);
    CHECK(shown.find("需人工处理") == std::string::npos);
    CHECK(shown.find("扫码器") == std::string::npos);  // a working device is not mentioned
  }
  // The receipt screen says itself what happened to the resident's receipt: not twice.
  CHECK(ui::resident_notes(troubled(ScreenId::receipt)) ==
        std::vector<std::string>{"resident.reader_use_eid"});
  // All well: nothing in the footer at all.
  ui::ViewModel fine;
  fine.screen = ScreenId::attract;
  fine.devices = {{"idcard", "online"}, {"receipt", "paper_low"}};
  CHECK(ui::resident_notes(fine).empty());
  // No scanner either: the card reader's note sends the resident to a counter.
  ui::ViewModel blind = troubled(ScreenId::attract);
  blind.devices["scanner"] = "hardwareError";
  CHECK(ui::resident_notes(blind) ==
        std::vector<std::string>{"resident.receipt_paper_out", "resident.reader_unavailable"});
  // The certificate printer matters where certificates are printed, not on the attract screen.
  blind.devices["certificate"] = "offline";
  const auto on_attract = ui::resident_notes(blind);
  CHECK(std::count(on_attract.begin(), on_attract.end(), "resident.certificate_unavailable") == 0);
  blind.screen = ScreenId::certificates;
  CHECK(ui::resident_notes(blind).back() == "resident.certificate_unavailable");
}

TEST_CASE("maintenance mode shows the full status line, in both languages") {
  kiosk::I18n i18n;
  std::string error;
  REQUIRE(i18n.load(YIWANG_ASSETS_DIR "/i18n/strings.tsv", error));
  ui::ViewModel model = troubled(ScreenId::maintenance);
  const std::string shown = texts(model, i18n);
  CHECK(shown.find("待发送 7") != std::string::npos);
  CHECK(shown.find("需人工处理 2") != std::string::npos);
  CHECK(shown.find("读卡器 未连接") != std::string::npos);
  CHECK(shown.find("回执打印机 缺纸") != std::string::npos);
  model.language = ui::Language::en;
  const std::string english = texts(model, i18n);
  CHECK(english.find("Pending 7") != std::string::npos);
  CHECK(english.find("Card reader not connected") != std::string::npos);
}
