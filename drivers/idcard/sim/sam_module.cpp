// SamModule: answers SAM requests as a reader with a card in its field would.
#include "idcard/sim/sam_module.h"

namespace yiwang::drivers {

SamModule::~SamModule() {
  if (card_) card_->wipe();
}

void SamModule::present(IdCard card) {
  std::lock_guard lock(mutex_);
  if (card_) card_->wipe();
  card_ = std::move(card);
  card_fresh_ = true;
}

void SamModule::remove() {
  std::lock_guard lock(mutex_);
  if (card_) card_->wipe();
  card_.reset();
  card_fresh_ = false;
}

void SamModule::fail_command(sam::Command command, std::uint8_t sw3, int count) {
  std::lock_guard lock(mutex_);
  if (count > 0) failures_.push_back({command, sw3, count});
}

int SamModule::requests_seen() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

std::vector<std::vector<std::uint8_t>> SamModule::receive(std::span<const std::uint8_t> bytes) {
  std::lock_guard lock(mutex_);
  std::vector<std::vector<std::uint8_t>> replies;
  for (auto& event : parser_.feed(bytes)) {
    ++requests_;
    if (event.error) {
      replies.push_back(
          sam::encode_response(*event.error == sam::FrameError::badChecksum ? 0x10 : 0x11));
    } else {
      replies.push_back(answer(event.body));
    }
  }
  return replies;
}

std::vector<std::uint8_t> SamModule::answer(std::span<const std::uint8_t> body) {
  if (body.size() < 2) return sam::encode_response(0x21);
  const sam::Command command{body[0], body[1]};
  for (auto it = failures_.begin(); it != failures_.end(); ++it) {
    if (it->command.cmd != command.cmd || it->command.para != command.para) continue;
    const std::uint8_t sw3 = it->sw3;
    if (--it->count <= 0) failures_.erase(it);
    if (sw3 != 0) return sam::encode_response(sw3);
    auto reply = answer_normally(command);
    reply.back() ^= 0x5A;
    return reply;
  }
  return answer_normally(command);
}

std::vector<std::uint8_t> SamModule::answer_normally(sam::Command command) {
  auto is = [&](sam::Command c) { return c.cmd == command.cmd && c.para == command.para; };
  if (is(sam::kSamStatus) || is(sam::kResetSam)) return sam::encode_response(sam::kSuccess);
  if (is(sam::kReadSamId)) {
    const std::uint8_t sam_id[16] = {0x05, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x2A};
    return sam::encode_response(sam::kSuccess, sam_id);
  }
  if (is(sam::kFindCard)) {
    if (!card_ || !card_fresh_) return sam::encode_response(sam::kFindFailed);
    const std::uint8_t found[4] = {0, 0, 0, 0};
    return sam::encode_response(sam::kFindSuccess, found);
  }
  if (is(sam::kSelectCard)) {
    // A card still in the field can be selected after it was read: the driver watches for it
    // to leave this way.
    if (!card_) return sam::encode_response(sam::kSelectFailed);
    const std::uint8_t selected[8] = {};
    return sam::encode_response(sam::kSuccess, selected);
  }
  if (is(sam::kReadText) || is(sam::kReadTextFingerprint)) {
    if (!card_) return sam::encode_response(0x41);
    card_fresh_ = false;
    std::vector<std::uint8_t> photo(1024, 0);
    for (std::size_t i = 0; i < photo.size(); ++i) photo[i] = static_cast<std::uint8_t>(i * 7);
    const auto text = encode_card_text(*card_);
    const auto data = is(sam::kReadText) ? sam::encode_read_reply_data(text, photo)
                                         : sam::encode_read_reply_data(
                                               text, photo, std::span<const std::uint8_t>{});
    return sam::encode_response(sam::kSuccess, data);
  }
  return sam::encode_response(0x21);
}

}  // namespace yiwang::drivers
