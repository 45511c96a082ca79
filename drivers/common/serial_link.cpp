// ByteLink over a termios serial port: the transport of USB-serial readers and CDC scanners.
#include <algorithm>
#include <chrono>
#include <optional>

#include "common/byte_link.h"
#include "common/serial_port.h"
#include "common/udev_finder.h"

namespace yiwang::drivers {

namespace {

class SerialLink final : public ByteLink {
 public:
  SerialLink(std::string path, int baud) : path_(std::move(path)), baud_(baud) {}
  SerialLink(UdevMatch find, std::string what, int baud)
      : path_(std::move(what)), baud_(baud), find_(std::move(find)) {}

  Result<Done, LinkError> open() override {
    close();
    std::string path = path_;
    if (find_) {
      const auto found = find_devices(*find_);
      if (found.empty()) return fail(LinkError{true, "no " + path_ + " found through udev"});
      path = found.front().devnode;
    }
    auto opened = SerialPort::open(path, baud_);
    if (!opened) return fail(LinkError{true, opened.error().message});
    port_ = std::move(opened.value());
    opened_path_ = path;
    return Done{};
  }
  void close() override {
    port_.reset();
    pending_.clear();
  }
  bool is_open() const override { return port_ != nullptr; }
  bool bidirectional() const override { return true; }
  std::string describe() const override { return port_ ? opened_path_ : path_; }

  Result<Done, LinkError> write(std::span<const std::uint8_t> bytes, int /*timeout_ms*/) override {
    if (!port_) return fail(LinkError{true, path_ + ": not open"});
    // Whatever is still unread belongs to an exchange that is over.
    port_->flush_input();
    pending_.clear();
    auto written = port_->write_all(bytes);
    if (!written) return lost(written.error());
    return Done{};
  }

  Result<std::size_t, LinkError> read(std::span<std::uint8_t> buffer, int timeout_ms) override {
    if (!port_) return fail(LinkError{true, path_ + ": not open"});
    if (pending_.empty()) {
      auto bytes = port_->read_some(timeout_ms);
      if (!bytes) return lost(bytes.error());
      pending_ = std::move(bytes.value());
    }
    const std::size_t n = std::min(buffer.size(), pending_.size());
    std::copy_n(pending_.begin(), n, buffer.begin());
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(n));
    return n;
  }

 private:
  Failure<LinkError> lost(const SerialError& error) {
    close();
    const bool missing =
        error.kind == SerialErrorKind::disconnected || error.kind == SerialErrorKind::notFound;
    return fail(LinkError{missing, path_ + ": " + error.message});
  }

  std::string path_;  // the device, or with find_ a description of what is looked for
  int baud_;
  std::optional<UdevMatch> find_;
  std::string opened_path_;
  std::unique_ptr<SerialPort> port_;
  std::vector<std::uint8_t> pending_;
};

}  // namespace

std::unique_ptr<ByteLink> make_serial_link(std::string path, int baud) {
  return std::make_unique<SerialLink>(std::move(path), baud);
}

std::unique_ptr<ByteLink> make_serial_link(UdevMatch find, std::string what, int baud) {
  return std::make_unique<SerialLink>(std::move(find), std::move(what), baud);
}

}  // namespace yiwang::drivers
