// V4L2 capture: memory-mapped streaming, YUYV (luma = every other byte) or GREY frames.
#include <fcntl.h>
#include <linux/videodev2.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "qr/image_source.h"

namespace yiwang::drivers {

namespace {

int xioctl(int fd, unsigned long request, void* arg) {
  int rc = 0;
  do {
    rc = ::ioctl(fd, request, arg);
  } while (rc < 0 && errno == EINTR);
  return rc;
}

class V4l2Source final : public ImageSource {
 public:
  V4l2Source(std::string device, int width, int height)
      : device_(std::move(device)), want_width_(width), want_height_(height) {}
  ~V4l2Source() override { V4l2Source::close(); }
  V4l2Source(const V4l2Source&) = delete;
  V4l2Source& operator=(const V4l2Source&) = delete;
  V4l2Source(V4l2Source&&) = delete;
  V4l2Source& operator=(V4l2Source&&) = delete;

  Result<Done, SourceError> open() override {
    close();
    fd_ = ::open(device_.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd_ < 0) return give_up(errno == ENOENT || errno == ENODEV, "open");
    v4l2_capability caps{};
    if (xioctl(fd_, VIDIOC_QUERYCAP, &caps) != 0) return give_up(false, "VIDIOC_QUERYCAP");
    const std::uint32_t device_caps =
        (caps.capabilities & V4L2_CAP_DEVICE_CAPS) ? caps.device_caps : caps.capabilities;
    if (!(device_caps & V4L2_CAP_VIDEO_CAPTURE) || !(device_caps & V4L2_CAP_STREAMING))
      return give_up(false, "not a streaming capture device");
    v4l2_format format{};
    format.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    format.fmt.pix.width = static_cast<std::uint32_t>(want_width_);
    format.fmt.pix.height = static_cast<std::uint32_t>(want_height_);
    format.fmt.pix.field = V4L2_FIELD_NONE;
    bool accepted = false;
    for (std::uint32_t pixel_format : {V4L2_PIX_FMT_GREY, V4L2_PIX_FMT_YUYV}) {
      format.fmt.pix.pixelformat = pixel_format;
      if (xioctl(fd_, VIDIOC_S_FMT, &format) == 0 && format.fmt.pix.pixelformat == pixel_format) {
        accepted = true;
        break;
      }
    }
    if (!accepted) return give_up(false, "neither GREY nor YUYV is offered");
    format_ = format.fmt.pix;
    v4l2_requestbuffers request{};
    request.count = 4;
    request.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    request.memory = V4L2_MEMORY_MMAP;
    if (xioctl(fd_, VIDIOC_REQBUFS, &request) != 0 || request.count < 2)
      return give_up(false, "VIDIOC_REQBUFS");
    for (std::uint32_t i = 0; i < request.count; ++i) {
      v4l2_buffer buffer{};
      buffer.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
      buffer.memory = V4L2_MEMORY_MMAP;
      buffer.index = i;
      if (xioctl(fd_, VIDIOC_QUERYBUF, &buffer) != 0) return give_up(false, "VIDIOC_QUERYBUF");
      void* start =
          ::mmap(nullptr, buffer.length, PROT_READ | PROT_WRITE, MAP_SHARED, fd_, buffer.m.offset);
      if (start == MAP_FAILED) return give_up(false, "mmap");
      mapped_.push_back({start, buffer.length});
      if (xioctl(fd_, VIDIOC_QBUF, &buffer) != 0) return give_up(false, "VIDIOC_QBUF");
    }
    v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    if (xioctl(fd_, VIDIOC_STREAMON, &type) != 0) return give_up(false, "VIDIOC_STREAMON");
    return Done{};
  }

  void close() override {
    if (fd_ < 0) return;
    v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    xioctl(fd_, VIDIOC_STREAMOFF, &type);
    for (const auto& [start, length] : mapped_) ::munmap(start, length);
    mapped_.clear();
    ::close(fd_);
    fd_ = -1;
  }

  Result<std::optional<GrayFrame>, SourceError> next(int timeout_ms) override {
    if (fd_ < 0) return fail(SourceError{true, device_ + ": not open"});
    pollfd pfd{fd_, POLLIN, 0};
    const int ready = ::poll(&pfd, 1, timeout_ms);
    if (ready == 0) return std::optional<GrayFrame>{};
    if (ready < 0 || (pfd.revents & (POLLERR | POLLHUP)))
      return give_up(true, "camera stopped delivering frames");
    v4l2_buffer buffer{};
    buffer.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    buffer.memory = V4L2_MEMORY_MMAP;
    if (xioctl(fd_, VIDIOC_DQBUF, &buffer) != 0) {
      if (errno == EAGAIN) return std::optional<GrayFrame>{};
      return give_up(errno == ENODEV, "VIDIOC_DQBUF");
    }
    GrayFrame frame;
    frame.width = static_cast<int>(format_.width);
    frame.height = static_cast<int>(format_.height);
    frame.pixels.resize(static_cast<std::size_t>(frame.width) * frame.height);
    const auto* data = static_cast<const std::uint8_t*>(mapped_[buffer.index].first);
    const std::size_t stride = format_.bytesperline;
    const bool yuyv = format_.pixelformat == V4L2_PIX_FMT_YUYV;
    for (int y = 0; y < frame.height; ++y) {
      const std::uint8_t* row = data + static_cast<std::size_t>(y) * stride;
      std::uint8_t* out = frame.pixels.data() + static_cast<std::size_t>(y) * frame.width;
      if (yuyv) {
        for (int x = 0; x < frame.width; ++x)
          out[x] = row[static_cast<std::size_t>(2 * x)];  // Y0 U Y1 V
      } else {
        std::memcpy(out, row, static_cast<std::size_t>(frame.width));
      }
    }
    xioctl(fd_, VIDIOC_QBUF, &buffer);
    return std::optional<GrayFrame>(std::move(frame));
  }

  std::string describe() const override { return "camera " + device_; }

 private:
  Failure<SourceError> give_up(bool missing, const char* what) {
    const std::string message =
        device_ + ": " + what + (errno != 0 ? std::string(": ") + std::strerror(errno) : "");
    close();
    return fail(SourceError{missing, message});
  }

  std::string device_;
  int want_width_;
  int want_height_;
  int fd_ = -1;
  v4l2_pix_format format_{};
  std::vector<std::pair<void*, std::size_t>> mapped_;
};

}  // namespace

std::unique_ptr<ImageSource> make_v4l2_source(std::string device, int width, int height) {
  return std::make_unique<V4l2Source>(std::move(device), width, height);
}

}  // namespace yiwang::drivers
