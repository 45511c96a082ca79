// The card side of a simulated reader: a SAM module and the card in its field. Bytes in, reply
// frames out; the pty simulator and the emulated USB reader in tests both put it behind a wire.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <span>
#include <vector>

#include "idcard/id_card.h"
#include "idcard/sam_frame.h"

namespace yiwang::drivers {

class SamModule {
 public:
  SamModule() = default;
  ~SamModule();
  SamModule(const SamModule&) = delete;
  SamModule& operator=(const SamModule&) = delete;
  SamModule(SamModule&&) = delete;
  SamModule& operator=(SamModule&&) = delete;

  // Request bytes as they arrive (any split); the reply frames to every completed request.
  std::vector<std::vector<std::uint8_t>> receive(std::span<const std::uint8_t> bytes);

  void present(IdCard card);  // the next find succeeds once
  void remove();
  // The next `count` answers to `command` carry this SW3 (0: the usual answer, bad checksum).
  void fail_command(sam::Command command, std::uint8_t sw3, int count);
  int requests_seen() const;

 private:
  std::vector<std::uint8_t> answer(std::span<const std::uint8_t> body);
  std::vector<std::uint8_t> answer_normally(sam::Command command);

  mutable std::mutex mutex_;
  sam::FrameParser parser_;
  std::optional<IdCard> card_;
  bool card_fresh_ = false;  // a card must leave the field before the next find succeeds
  struct Failure {
    sam::Command command;
    std::uint8_t sw3;
    int count;
  };
  std::vector<Failure> failures_;
  int requests_ = 0;
};

}  // namespace yiwang::drivers
