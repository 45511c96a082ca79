// PGM files and the file-sequence image source.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <thread>

#include "qr/image_source.h"

namespace yiwang::drivers {

namespace fs = std::filesystem;

Result<GrayFrame, std::string> read_pgm(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(path + ": cannot open");
  std::string magic;
  int width = 0;
  int height = 0;
  int maxval = 0;
  in >> magic;
  // Comments may sit between the header fields.
  auto field = [&](int& value) {
    while (in >> std::ws && in.peek() == '#') in.ignore(1 << 16, '\n');
    in >> value;
  };
  field(width);
  field(height);
  field(maxval);
  in.get();  // the single whitespace before the raster
  if (magic != "P5" || width <= 0 || height <= 0 || width > 8192 || height > 8192 || maxval != 255)
    return fail(path + ": not an 8-bit binary PGM (P5, maxval 255)");
  GrayFrame frame{width, height,
                  std::vector<std::uint8_t>(static_cast<std::size_t>(width) * height)};
  in.read(reinterpret_cast<char*>(frame.pixels.data()),
          static_cast<std::streamsize>(frame.pixels.size()));
  if (!in) return fail(path + ": truncated raster");
  return frame;
}

bool write_pgm(const std::string& path, const GrayFrame& frame) {
  std::ofstream out(path, std::ios::binary);
  out << "P5\n" << frame.width << ' ' << frame.height << "\n255\n";
  out.write(reinterpret_cast<const char*>(frame.pixels.data()),
            static_cast<std::streamsize>(frame.pixels.size()));
  return static_cast<bool>(out);
}

namespace {

class FileSource final : public ImageSource {
 public:
  FileSource(std::string path, bool loop) : path_(std::move(path)), loop_(loop) {}

  Result<Done, SourceError> open() override {
    files_.clear();
    next_ = 0;
    std::error_code error;
    if (fs::is_directory(path_, error)) {
      for (const auto& entry : fs::directory_iterator(path_, error))
        if (entry.path().extension() == ".pgm") files_.push_back(entry.path().string());
      std::sort(files_.begin(), files_.end());
    } else if (fs::exists(path_, error)) {
      files_.push_back(path_);
    }
    if (files_.empty()) return fail(SourceError{true, path_ + ": no .pgm frames"});
    return Done{};
  }
  void close() override { files_.clear(); }

  Result<std::optional<GrayFrame>, SourceError> next(int timeout_ms) override {
    if (next_ >= files_.size()) {
      if (!loop_ || files_.empty()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(timeout_ms));
        return std::optional<GrayFrame>{};
      }
      next_ = 0;
    }
    auto frame = read_pgm(files_[next_++]);
    if (!frame) return fail(SourceError{false, frame.error()});
    return std::optional<GrayFrame>(std::move(frame.value()));
  }
  std::string describe() const override { return "files " + path_; }

 private:
  std::string path_;
  bool loop_;
  std::vector<std::string> files_;
  std::size_t next_ = 0;
};

}  // namespace

std::unique_ptr<ImageSource> make_file_source(std::string path_or_directory, bool loop) {
  return std::make_unique<FileSource>(std::move(path_or_directory), loop);
}

}  // namespace yiwang::drivers
