// The pty reader simulator: parses request frames with the driver's own parser and answers them.
#include "idcard/sim/reader_simulator.h"

#include <poll.h>
#include <unistd.h>

#include "common/pty.h"
#include "idcard/sam_frame.h"

namespace yiwang::drivers {

Result<std::unique_ptr<ReaderSimulator>, std::string> ReaderSimulator::create() {
  auto pty = open_raw_pty();
  if (!pty) return fail(pty.error());
  return std::unique_ptr<ReaderSimulator>(
      new ReaderSimulator(pty.value().master_fd, pty.value().slave_fd, pty.value().slave_path));
}

ReaderSimulator::ReaderSimulator(int master_fd, int slave_fd, std::string slave_path)
    : master_fd_(master_fd), slave_fd_(slave_fd), slave_path_(std::move(slave_path)) {
  thread_ = std::thread([this] { run(); });
}

ReaderSimulator::~ReaderSimulator() {
  running_ = false;
  thread_.join();
  ::close(slave_fd_);
  ::close(master_fd_);
  if (card_) card_->wipe();
}

void ReaderSimulator::present(IdCard card) {
  std::lock_guard lock(mutex_);
  card_ = std::move(card);
  card_fresh_ = true;
}

void ReaderSimulator::remove() {
  std::lock_guard lock(mutex_);
  if (card_) card_->wipe();
  card_.reset();
  card_fresh_ = false;
}

void ReaderSimulator::run() {
  sam::FrameParser parser;
  std::uint8_t buffer[512];
  while (running_) {
    pollfd pfd{master_fd_, POLLIN, 0};
    if (::poll(&pfd, 1, 50) <= 0 || !(pfd.revents & POLLIN)) continue;
    ssize_t n = ::read(master_fd_, buffer, sizeof buffer);
    if (n <= 0) continue;
    for (auto& event : parser.feed({buffer, static_cast<std::size_t>(n)})) {
      std::vector<std::uint8_t> reply =
          event.error
              ? sam::encode_response(*event.error == sam::FrameError::badChecksum ? 0x10 : 0x11)
              : answer(event.body);
      write_all_fd(master_fd_, reply.data(), reply.size());
    }
  }
}

std::vector<std::uint8_t> ReaderSimulator::answer(std::span<const std::uint8_t> body) {
  if (body.size() < 2) return sam::encode_response(0x21);
  const sam::Command command{body[0], body[1]};
  std::lock_guard lock(mutex_);
  auto is = [&](sam::Command c) { return c.cmd == command.cmd && c.para == command.para; };
  if (is(sam::kSamStatus)) return sam::encode_response(sam::kSuccess);
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
    if (!card_) return sam::encode_response(sam::kSelectFailed);
    const std::uint8_t selected[8] = {};
    return sam::encode_response(sam::kSuccess, selected);
  }
  if (is(sam::kReadText)) {
    if (!card_) return sam::encode_response(0x41);
    card_fresh_ = false;
    std::vector<std::uint8_t> photo(1024, 0);
    for (std::size_t i = 0; i < photo.size(); ++i) photo[i] = static_cast<std::uint8_t>(i * 7);
    const auto data = sam::encode_read_reply_data(encode_card_text(*card_), photo);
    return sam::encode_response(sam::kSuccess, data);
  }
  return sam::encode_response(0x21);
}

std::optional<IdCard> sample_card(const std::string& name) {
  IdCard card;
  if (name == "zhang-san") {
    card = IdCard{CardType::resident,
                  "张三",
                  "1",
                  "01",
                  "19491231",
                  "北京市东城区景山前街4号",
                  "11010519491231002X",
                  "北京市公安局东城分局",
                  "20200101",
                  "20400101",
                  "",
                  {}};
  } else if (name == "li-si") {
    card = IdCard{CardType::resident,
                  "李四",
                  "2",
                  "08",
                  "19850101",
                  "海南省海口市美兰区人民大道58号",
                  "46010819850101002X",
                  "海口市公安局美兰分局",
                  "20150301",
                  "长期",
                  "",
                  {}};
  } else if (name == "chan-tai-man") {
    card = IdCard{CardType::hmtResidence,
                  "陈大文",
                  "1",
                  "",
                  "19810803",
                  "广东省深圳市福田区福华三路88号",
                  "810000198108030031",
                  "深圳市公安局",
                  "20230601",
                  "20280601",
                  "H12345678",
                  {}};
  } else {
    return std::nullopt;
  }
  return card;
}

}  // namespace yiwang::drivers
