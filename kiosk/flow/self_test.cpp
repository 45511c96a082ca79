// The self-test's rules (which outcome each check ends with, the deadline, the summary) and its
// two printouts: the test receipt and the A4 test page.
#include "flow/self_test.h"

#include <cstdio>

namespace yiwang::kiosk {

std::string_view to_string(DeviceCheck::Outcome outcome) {
  switch (outcome) {
    case DeviceCheck::Outcome::running:
      return "running";
    case DeviceCheck::Outcome::passed:
      return "passed";
    case DeviceCheck::Outcome::failed:
      return "failed";
    case DeviceCheck::Outcome::untested:
      return "untested";
    case DeviceCheck::Outcome::absent:
      return "absent";
  }
  return "failed";
}

SelfTest::SelfTest(bool interactive, std::string nonce, long long now_ms, long long timeout_ms)
    : interactive_(interactive), nonce_(std::move(nonce)), deadline_ms_(now_ms + timeout_ms) {}

DeviceCheck* SelfTest::find(const std::string& device) {
  for (auto& check : checks_) {
    if (check.device == device) return &check;
  }
  return nullptr;
}

void SelfTest::begin(const std::string& device, long long now_ms) {
  if (find(device)) return;
  DeviceCheck check;
  check.device = device;
  check.started_ms = now_ms;
  checks_.push_back(std::move(check));
}

void SelfTest::decide(const std::string& device, DeviceCheck::Outcome outcome, std::string key,
                      std::string note, long long now_ms) {
  begin(device, now_ms);
  DeviceCheck* check = find(device);
  if (check->outcome != DeviceCheck::Outcome::running) return;  // decided once
  check->outcome = outcome;
  check->key = std::move(key);
  check->note = std::move(note);
  check->took_ms = now_ms - check->started_ms;
}

bool SelfTest::waiting(const std::string& device) const {
  for (const auto& check : checks_) {
    if (check.device == device) return check.outcome == DeviceCheck::Outcome::running;
  }
  return false;
}

bool SelfTest::done() const {
  for (const auto& check : checks_) {
    if (check.outcome == DeviceCheck::Outcome::running) return false;
  }
  return true;
}

bool SelfTest::expire(long long now_ms) {
  if (now_ms < deadline_ms_) return false;
  bool any = false;
  for (auto& check : checks_) {
    if (check.outcome != DeviceCheck::Outcome::running) continue;
    any = true;
    check.took_ms = now_ms - check.started_ms;
    // Reading a card and scanning the code need someone at the kiosk: not a device failure.
    if (check.device == "idcard") {
      check.outcome = DeviceCheck::Outcome::untested;
      check.key = "selftest.idcard.place_card";
    } else if (check.device == "scanner" || check.device == "camera") {
      check.outcome = DeviceCheck::Outcome::untested;
      check.key = "selftest.scanner.scan_code";
    } else {
      check.outcome = DeviceCheck::Outcome::failed;
      check.key = "selftest.no_answer";
    }
  }
  return any;
}

int SelfTest::passed() const {
  int n = 0;
  for (const auto& check : checks_) n += check.outcome == DeviceCheck::Outcome::passed;
  return n;
}

int SelfTest::failed() const {
  int n = 0;
  for (const auto& check : checks_) n += check.outcome == DeviceCheck::Outcome::failed;
  return n;
}

std::string SelfTest::summary(const std::function<std::string(const std::string&)>& english) const {
  int present = 0;
  for (const auto& check : checks_) present += check.outcome != DeviceCheck::Outcome::absent;
  std::string text = std::to_string(passed()) + " of " + std::to_string(present) +
                     " devices passed" +
                     (failed() ? ", " + std::to_string(failed()) + " failed" : "");
  for (const auto& check : checks_) {
    if (check.outcome == DeviceCheck::Outcome::absent) continue;
    text += "; " + check.device + " " + std::string(to_string(check.outcome)) + " " +
            std::to_string(check.took_ms) + " ms";
    const std::string words = check.key.empty() ? "" : english(check.key);
    if (!words.empty() || !check.note.empty())
      text += " (" + words + (words.empty() || check.note.empty() ? "" : " ") + check.note + ")";
  }
  return text;
}

nlohmann::json SelfTest::to_json(const std::function<std::string(const std::string&)>& english,
                                 long long at_unix_ms) const {
  nlohmann::json devices = nlohmann::json::array();
  for (const auto& check : checks_) {
    devices.push_back({{"device", check.device},
                       {"outcome", to_string(check.outcome)},
                       {"detail", (check.key.empty() ? "" : english(check.key)) +
                                      (check.note.empty() ? "" : " " + check.note)},
                       {"ms", check.took_ms}});
  }
  return {{"at_unix_ms", at_unix_ms},
          {"interactive", interactive_},
          {"passed", passed()},
          {"failed", failed()},
          {"devices", devices}};
}

drivers::ReceiptDocument self_test_receipt(const std::string& terminal, const std::string& when,
                                           const std::string& capabilities,
                                           const std::string& code) {
  using drivers::Align;
  using drivers::ReceiptBlock;
  drivers::ReceiptDocument document;
  auto text = [&](std::string line, Align align = Align::left, bool bold = false, int size = 1) {
    ReceiptBlock block;
    block.kind = ReceiptBlock::Kind::text;
    block.align = align;
    block.bold = bold;
    block.width = size;
    block.height = size;
    block.text = std::move(line);
    document.blocks.push_back(std::move(block));
  };
  auto rule = [&] {
    ReceiptBlock block;
    block.kind = ReceiptBlock::Kind::rule;
    document.blocks.push_back(block);
  };
  text("设备自检 SELF-TEST", Align::centre, true, 2);
  text("此回执不是办事凭证 / Not a receipt of any application", Align::centre);
  rule();
  text("终端 Terminal: " + terminal);
  text("时间 Time: " + when);
  text("打印机 Printer: " + capabilities);
  rule();
  text("请用扫码器扫描下方二维码 / Scan this code with the scanner", Align::centre);
  ReceiptBlock qr;
  qr.kind = ReceiptBlock::Kind::qr;
  qr.align = Align::centre;
  qr.text = code;
  document.blocks.push_back(qr);
  text(code, Align::centre);
  ReceiptBlock cut;
  cut.kind = ReceiptBlock::Kind::cut;
  cut.amount = 4;
  document.blocks.push_back(cut);
  return document;
}

std::string self_test_page_pdf(const std::string& terminal, const std::string& when) {
  // ASCII only (the standard Helvetica font): the page says what it is and where it came from.
  std::string said = "Yiwang kiosk self-test page. Terminal ";
  said += terminal;
  said += ", ";
  said += when;
  std::string safe;
  for (char c : said) {
    if (c >= 0x20 && c < 0x7f && c != '(' && c != ')' && c != '\\') safe += c;
  }
  const std::string content = "BT /F1 18 Tf 72 770 Td (" + safe +
                              ") Tj 0 -30 Td (A4 210 x 297 mm: the frame below marks 10 mm "
                              "margins.) Tj ET 28.35 28.35 538.6 785.2 re S";
  const std::string page =
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Contents 4 0 R "
      "/Resources << /Font << /F1 5 0 R >> >> >>";
  const std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page,
      "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "\nendstream",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"};
  std::string pdf = "%PDF-1.4\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const std::size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (std::size_t offset : offsets) {
    char line[24];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", offset);
    pdf += line;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

}  // namespace yiwang::kiosk
