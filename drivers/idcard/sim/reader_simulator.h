// A simulated ID-card reader on a pseudo-terminal: it answers the real SAM frames like a device.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "common/result.h"
#include "idcard/id_card.h"

namespace yiwang::drivers {

class ReaderSimulator {
 public:
  // Opens the pseudo-terminal; device_path() is what the driver opens.
  static Result<std::unique_ptr<ReaderSimulator>, std::string> create();
  ~ReaderSimulator();
  ReaderSimulator(const ReaderSimulator&) = delete;
  ReaderSimulator& operator=(const ReaderSimulator&) = delete;

  const std::string& device_path() const { return slave_path_; }

  // Places a card in the field; the next find succeeds once.
  void present(IdCard card);
  // Takes the card away.
  void remove();

 private:
  ReaderSimulator(int master_fd, int slave_fd, std::string slave_path);
  void run();
  std::vector<std::uint8_t> answer(std::span<const std::uint8_t> request_body);

  int master_fd_;
  int slave_fd_;  // held open so the pty survives the driver closing and reopening it
  std::string slave_path_;
  std::mutex mutex_;
  std::optional<IdCard> card_;
  bool card_fresh_ = false;  // a card must leave the field before the next find succeeds
  std::atomic<bool> running_{true};
  std::thread thread_;
};

// A named resident card for demos and tests: "zhang-san" (Beijing resident), "li-si" (expires
// long-term), "chan-tai-man" (Hong Kong residence permit).
std::optional<IdCard> sample_card(const std::string& name);

}  // namespace yiwang::drivers
