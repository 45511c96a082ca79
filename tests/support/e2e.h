// Shared pieces of the end-to-end tests: a fresh work folder, the simulator's answers, files read
// whole, and what the kiosk left in its out folder (screenshots, receipts, printer bytes).
#pragma once

#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "platform/platform_client.h"

namespace yiwang::test {

// An empty folder under the temporary directory, named for the test and this process.
inline std::filesystem::path fresh_work(const std::string& name) {
  const std::filesystem::path work =
      std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(work);
  std::filesystem::create_directories(work);
  return work;
}

// A GET on the simulator (its control port, or the contract's API over plain HTTP); the test
// stops when it does not answer.
inline nlohmann::json sim_get(const std::string& url, const std::string& path) {
  kiosk::PlatformClient client(kiosk::PlatformConfig{url, "", true, 5000, {}});
  auto answer = client.get(path);
  REQUIRE_MESSAGE(answer, answer.error().summary());
  return answer.value().body;
}

inline std::string read_all(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

// The receipts the virtual printer drew into out (receipt-NNNN.png).
inline std::vector<std::filesystem::path> receipts(const std::filesystem::path& out) {
  std::vector<std::filesystem::path> found;
  for (const auto& entry : std::filesystem::directory_iterator(out)) {
    if (entry.path().filename().string().rfind("receipt-", 0) == 0 &&
        entry.path().extension() == ".png") {
      found.push_back(entry.path());
    }
  }
  return found;
}

// Everything the virtual printer received into out, as the printer's bytes (GB18030).
inline std::string printed_bytes(const std::filesystem::path& out) {
  std::string bytes;
  for (const auto& entry : std::filesystem::directory_iterator(out)) {
    if (entry.path().extension() == ".escpos") bytes += read_all(entry.path());
  }
  return bytes;
}

// The screenshot whose name ends with "-<name>.png", or empty.
inline std::filesystem::path shot(const std::filesystem::path& out, const std::string& name) {
  std::error_code ignored;
  const std::string tail = "-" + name + ".png";
  for (auto it = std::filesystem::directory_iterator(out, ignored);
       it != std::filesystem::directory_iterator(); it.increment(ignored)) {
    const std::string file = it->path().filename().string();
    if (file.size() > tail.size() &&
        file.compare(file.size() - tail.size(), tail.size(), tail) == 0)
      return it->path();
  }
  return {};
}

// The voice record (--voice-record): kind, screen, language, text, one a line.
struct VoiceRow {
  std::string kind, screen, language, text;
};
inline std::vector<VoiceRow> voice_rows(const std::filesystem::path& file) {
  std::vector<VoiceRow> rows;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    VoiceRow row;
    std::size_t at = 0;
    for (std::string* field : {&row.kind, &row.screen, &row.language}) {
      const auto tab = line.find('\t', at);
      if (tab == std::string::npos) break;
      *field = line.substr(at, tab - at);
      at = tab + 1;
    }
    row.text = line.substr(at);
    rows.push_back(std::move(row));
  }
  return rows;
}

// The screens the kiosk's log says it showed ("flow: screen <name>").
inline std::set<std::string> screens_passed(const std::filesystem::path& log_file) {
  std::ifstream in(log_file);
  std::set<std::string> screens;
  std::string line;
  while (std::getline(in, line)) {
    const auto at = line.find("flow: screen ");
    if (at != std::string::npos) screens.insert(line.substr(at + 13));
  }
  return screens;
}

// The tactile keypad and the headphone jack of a speech-mode run: a FIFO each in `work`, given
// to the kiosk as its device nodes. The script's keypad verbs write input_event records into
// them, so every key goes through the driver's read, parse and key map and the kiosk's queue.
inline std::vector<std::string> keypad_fifos(const std::filesystem::path& work) {
  const std::string keypad = (work / "keypad.fifo").string();
  const std::string jack = (work / "jack.fifo").string();
  for (const std::string& node : {keypad, jack}) {
    std::filesystem::remove(node);
    REQUIRE(::mkfifo(node.c_str(), 0600) == 0);
  }
  return {"--keypad", keypad, "--headphone-jack", jack};
}

// A speech-mode script drives the kiosk by keypad keys only: no line of it uses a verb that
// touches the screen.
inline void check_keys_only(const std::filesystem::path& script_file) {
  std::ifstream script(script_file);
  REQUIRE(script);
  std::string line;
  while (std::getline(script, line)) {
    const std::string verb = line.substr(0, line.find(' '));
    for (const char* touch :
         {"tap", "tap-burst", "type", "keys", "pick", "date", "strokes", "sign", "long-press"})
      CHECK_MESSAGE(verb != touch, line);
  }
}

}  // namespace yiwang::test
