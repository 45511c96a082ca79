// The pty reader simulator: parses request frames with the driver's own parser and answers them,
// bending the answers as its misbehaviour switches say.
#include "idcard/sim/reader_simulator.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>

#include "common/pty.h"

namespace yiwang::drivers {

namespace {
void sleep_ms(int milliseconds) {
  std::this_thread::sleep_for(std::chrono::milliseconds(milliseconds));
}
}  // namespace

Result<std::unique_ptr<ReaderSimulator>, std::string> ReaderSimulator::create() {
  std::string directory = "/tmp/yiwang-reader-XXXXXX";
  if (::mkdtemp(directory.data()) == nullptr)
    return fail(std::string("cannot make a directory for the simulated reader"));
  std::unique_ptr<ReaderSimulator> sim(new ReaderSimulator(directory, directory + "/ttyUSB0"));
  std::string error;
  if (!sim->open_port(error)) return fail(error);
  sim->thread_ = std::thread([s = sim.get()] { s->run(); });
  return sim;
}

ReaderSimulator::ReaderSimulator(std::string directory, std::string link_path)
    : directory_(std::move(directory)), link_path_(std::move(link_path)) {
  // The simulator's thread sleeps in poll() until a request or a wake byte arrives, so an idle
  // kiosk running it does not wake every few milliseconds.
  if (::pipe2(wake_, O_CLOEXEC | O_NONBLOCK) != 0) wake_[0] = wake_[1] = -1;
}

ReaderSimulator::~ReaderSimulator() {
  running_ = false;
  wake();
  if (thread_.joinable()) thread_.join();
  close_port();
  ::rmdir(directory_.c_str());
  for (int fd : wake_)
    if (fd >= 0) ::close(fd);
}

void ReaderSimulator::wake() {
  const char byte = 'w';
  if (wake_[1] >= 0) [[maybe_unused]]
    auto n = ::write(wake_[1], &byte, 1);
}

bool ReaderSimulator::open_port(std::string& error) {
  auto pty = open_raw_pty();
  if (!pty) {
    error = pty.error();
    return false;
  }
  master_fd_ = pty.value().master_fd;
  slave_fd_ = pty.value().slave_fd;
  ::unlink(link_path_.c_str());
  if (::symlink(pty.value().slave_path.c_str(), link_path_.c_str()) != 0) {
    error = "cannot link " + link_path_;
    close_port();
    return false;
  }
  plugged_ = true;
  return true;
}

void ReaderSimulator::close_port() {
  ::unlink(link_path_.c_str());
  if (slave_fd_ >= 0) ::close(slave_fd_);
  if (master_fd_ >= 0) ::close(master_fd_);
  slave_fd_ = master_fd_ = -1;
  plugged_ = false;
}

void ReaderSimulator::present(IdCard card) { module_.present(std::move(card)); }
void ReaderSimulator::remove() { module_.remove(); }
void ReaderSimulator::fail_command(sam::Command command, std::uint8_t sw3, int count) {
  module_.fail_command(command, sw3, count);
}
void ReaderSimulator::corrupt_command(sam::Command command, int count) {
  module_.fail_command(command, 0, count);
}

void ReaderSimulator::set_reply_delay_ms(int milliseconds) {
  std::lock_guard lock(mutex_);
  delay_ms_ = milliseconds;
}
void ReaderSimulator::corrupt_replies(int count) {
  std::lock_guard lock(mutex_);
  corrupt_ = count;
}
void ReaderSimulator::corrupt_every(int n) {
  std::lock_guard lock(mutex_);
  corrupt_every_ = n;
  replies_since_ = 0;
}
void ReaderSimulator::set_silent(bool silent) {
  std::lock_guard lock(mutex_);
  silent_ = silent;
}
void ReaderSimulator::prefix_next_reply(std::vector<std::uint8_t> bytes) {
  std::lock_guard lock(mutex_);
  prefix_ = std::move(bytes);
}
void ReaderSimulator::set_split_replies(bool split) {
  std::lock_guard lock(mutex_);
  split_ = split;
}
void ReaderSimulator::set_foreign_protocol(bool foreign) {
  std::lock_guard lock(mutex_);
  foreign_ = foreign;
}

// The simulator thread owns the pty; these only ask it and wait until it has acted.
void ReaderSimulator::unplug() {
  want_plugged_ = false;
  wake();
  while (plugged_) sleep_ms(5);
}
void ReaderSimulator::plug_in() {
  want_plugged_ = true;
  wake();
  while (!plugged_) sleep_ms(5);
}

void ReaderSimulator::run() {
  // Named, so that /proc (bench/idle_cpu.sh) tells who wakes.
  ::pthread_setname_np(::pthread_self(), "reader-sim");
  std::uint8_t buffer[512];
  while (running_) {
    if (want_plugged_ != plugged_) {
      if (plugged_) {
        close_port();
      } else {
        std::string error;
        if (!open_port(error)) sleep_ms(50);
      }
      continue;
    }
    // Without a wake pipe, poll at 20 ms as before; with one, sleep until something happens.
    const int timeout = wake_[0] >= 0 ? 1000 : 20;
    pollfd fds[2] = {{plugged_ ? master_fd_ : -1, POLLIN, 0}, {wake_[0], POLLIN, 0}};
    const int ready = ::poll(fds, 2, timeout);
    if (ready > 0 && (fds[1].revents & POLLIN)) {
      char drained[16];
      while (::read(wake_[0], drained, sizeof drained) > 0) {
      }
    }
    if (!plugged_ || ready <= 0 || !(fds[0].revents & POLLIN)) continue;
    const ssize_t n = ::read(master_fd_, buffer, sizeof buffer);
    if (n <= 0) continue;
    for (auto& reply : module_.receive({buffer, static_cast<std::size_t>(n)})) {
      {
        std::lock_guard lock(mutex_);
        if (silent_) continue;
      }
      send(std::move(reply));
    }
  }
}

void ReaderSimulator::send(std::vector<std::uint8_t> reply) {
  int delay = 0;
  bool split = false;
  {
    std::lock_guard lock(mutex_);
    delay = delay_ms_;
    split = split_;
    if (foreign_) {
      reply = {0x02, 0x41, 0x55, 0x54, 0x48, 0x3F, 0x03};  // not a SAM frame at all
    } else if (corrupt_ > 0) {
      --corrupt_;
      reply.back() ^= 0x5A;
    } else if (corrupt_every_ > 0 && ++replies_since_ % corrupt_every_ == 0) {
      reply.back() ^= 0x5A;  // a flaky cable: one reply in n arrives damaged
    }
    if (!prefix_.empty()) {
      reply.insert(reply.begin(), prefix_.begin(), prefix_.end());
      prefix_.clear();
    }
  }
  // A slow reply still on its way when the cable is pulled never arrives.
  for (int waited = 0; waited < delay; waited += 5) {
    if (!want_plugged_) return;
    sleep_ms(5);
  }
  if (!want_plugged_) return;
  if (!split) {
    write_all_fd(master_fd_, reply.data(), reply.size());
    last_reply_ns_ = std::chrono::steady_clock::now().time_since_epoch().count();
    return;
  }
  // 64-byte pieces 1 ms apart: about what a USB-serial bridge delivers at 115200 baud.
  for (std::size_t at = 0; at < reply.size(); at += 64) {
    write_all_fd(master_fd_, reply.data() + at, std::min<std::size_t>(64, reply.size() - at));
    if (at + 64 < reply.size()) sleep_ms(1);
  }
  last_reply_ns_ = std::chrono::steady_clock::now().time_since_epoch().count();
}

std::optional<IdCard> sample_card(const std::string& name) {
  IdCard card;
  if (name == "zhang-san" || name == "wang-wu" || name == "bad-number") {
    card.type = CardType::resident;
    card.name = "张三";
    card.sex_code = "1";
    card.nation_code = "01";
    card.birth = "19491231";
    card.address = "北京市东城区景山前街4号";
    card.id_number = "11010519491231002X";
    card.authority = "北京市公安局东城分局";
    card.valid_from = "20200101";
    card.valid_to = "20400101";
    if (name == "wang-wu") {
      card.name = "王五";
      card.valid_from = "20050301";
      card.valid_to = "20250301";
    } else if (name == "bad-number") {
      card.name = "赵六";
      card.id_number = "340524198001010013";
    }
  } else if (name == "li-si") {
    card.type = CardType::resident;
    card.name = "李四";
    card.sex_code = "2";
    card.nation_code = "08";
    card.birth = "19850101";
    card.address = "海南省海口市美兰区人民大道58号";
    card.id_number = "46010819850101002X";
    card.authority = "海口市公安局美兰分局";
    card.valid_from = "20150301";
    card.valid_to = "长期";
  } else if (name == "chan-tai-man") {
    card.type = CardType::hmtResidence;
    card.name = "陈大文";
    card.sex_code = "1";
    card.birth = "19810803";
    card.address = "广东省深圳市福田区福华三路88号";
    card.id_number = "810000198108030031";
    card.authority = "深圳市公安局";
    card.valid_from = "20230601";
    card.valid_to = "20280601";
    card.pass_number = "H12345678";
    card.issue_count = "01";
  } else if (name == "john-smith") {
    card.type = CardType::foreignPermanent2017;
    card.name = "史密斯";
    card.name_en = "SMITH, JOHN";
    card.sex_code = "1";
    card.nationality = "USA";
    card.birth = "19800115";
    card.id_number = "USA110080011501";
    card.authority = "1100";
    card.valid_from = "20180310";
    card.valid_to = "20280310";
    card.card_version = "01";
  } else if (name == "maria-garcia") {
    card.type = CardType::foreignPermanent2023;
    card.name = "玛丽亚";
    card.name_en = "GARCIA LOPEZ, MARIA FERNANDA DE LOS ANGELES";
    card.sex_code = "2";
    card.nationality = "ESP";
    card.birth = "19850101";
    card.id_number = "932682198501010017";
    card.valid_from = "20240115";
    card.valid_to = "20340115";
    card.issue_count = "00";
  } else {
    return std::nullopt;
  }
  return card;
}

}  // namespace yiwang::drivers
