// Pinyin input through librime (luna_pinyin_simp: simplified output, full pinyin and initials),
// loaded once off the UI thread, with no user dictionary: what a resident chooses is learnt for
// their session only, in memory, and forgotten when they leave.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "common/result.h"
#include "toolkit/input_method.h"

namespace yiwang::kiosk {

struct RimeSettings {
  std::string shared_data_dir = "/usr/share/rime-data";  // Debian's rime-data-* packages
  std::string prebuilt_data_dir = "/usr/share/rime-data/build";
  // The engine's own folder (its compiled schema and settings; never anything a resident
  // typed). Made when missing.
  std::string work_dir;
  int page_size = 8;
};

// librime is one engine per process (its setup and initialisation are process-wide): make one
// RimePinyin and share it. A second one at the same time is refused.
class RimePinyin final : public ui::PinyinInput {
 public:
  // Starts loading on a thread of its own; ready() turns true when done (first start on a new
  // work_dir compiles the schema: seconds; later starts: tens of milliseconds).
  static Result<std::unique_ptr<RimePinyin>, std::string> start(RimeSettings settings);
  // The same, but loading begins only at load(): the kiosk's keyboard calls it when pinyin is
  // first wanted, so a kiosk whose residents type nothing never maps librime or its
  // dictionaries. Checks only that the dictionary is installed.
  static Result<std::unique_ptr<RimePinyin>, std::string> prepare(RimeSettings settings);
  void load();  // once (UI thread); starts the loading thread
  // Whether load() was called (the loading thread started).
  bool loading_started() const { return loader_.joinable(); }
  ~RimePinyin() override;
  RimePinyin(const RimePinyin&) = delete;
  RimePinyin& operator=(const RimePinyin&) = delete;
  RimePinyin(RimePinyin&&) = delete;
  RimePinyin& operator=(RimePinyin&&) = delete;

  bool ready() const override { return ready_.load(); }
  // Blocks until loaded or failed (tests, benches); false with failed().
  bool wait_ready() const;
  std::string failed() const;
  // How long loading took, in milliseconds (0 until ready).
  double load_ms() const { return load_ms_.load(); }

  ui::Composition type(char letter) override;
  ui::Composition backspace() override;
  ui::Composition turn_page(int direction) override;
  std::string choose(std::size_t index, ui::Composition& remaining) override;
  ui::Composition current() override;
  void cancel() override;
  void forget_everything() override;

 private:
  explicit RimePinyin(RimeSettings settings);
  void load_on_thread();                                           // the loading itself, on loader_
  ui::Composition read_context();                                  // with mutex_ held
  void clear_composition();                                        // with mutex_ held
  std::vector<std::string>* learnt_for(const std::string& input);  // with mutex_ held

  RimeSettings settings_;
  std::thread loader_;
  std::atomic<bool> ready_{false};
  std::atomic<double> load_ms_{0};
  mutable std::mutex mutex_;
  mutable std::condition_variable loaded_;
  bool done_loading_ = false;  // with mutex_
  std::string failure_;        // with mutex_
  std::uintptr_t session_ = 0;
  // This resident's choices: typed input -> the texts chosen for it, latest first. Put first
  // on the page where they appear; wiped by forget_everything().
  // A few dozen entries at most: a plain list, overwritten before it is dropped.
  std::vector<std::pair<std::string, std::vector<std::string>>> learnt_;
  std::vector<int> order_;  // the shown page's candidates -> librime's index on the page
};

}  // namespace yiwang::kiosk
