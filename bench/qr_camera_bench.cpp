// Camera QR benchmark: decode rate, misreads and time per 1280x720 frame, ZXing-cpp as the kiosk
// decodes beside ZBar in binary mode, on the same frames: the generated corpus
// (tests/support/qr_corpus.h) or a directory of PGM frames with a manifest
// (tools/qr-corpus/make_corpus.py). Usage: qr-camera-bench [images per category, default 34]
//   qr-camera-bench --dir DIR [--failures] [--min-rate PCT]   (DIR/manifest.tsv + PGM frames)
// --failures lists the frames each decoder got wrong; --min-rate makes the exit status 1 when the
// kiosk's decoder misreads any frame or reads fewer than PCT % right (the independent-corpus test).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#define ZX_USE_UTF8 1
#include <ZXing/ReadBarcode.h>

#include "qr/frame_decoder.h"
#include "support/qr_corpus.h"
#include "support/qr_decode.h"

namespace {

struct Tally {
  int total = 0;
  int decoded = 0;
  int misread = 0;  // a wrong content, or anything from a frame without a code: a failure
  std::vector<double> ms;
  std::vector<double> cpu_ms;  // this thread's CPU time: what another process's load hardly changes
};

struct Frame {
  std::string file;
  std::string category;
  std::string content;  // empty: the frame holds no code
  yiwang::drivers::GrayFrame frame;
};

// One whole-frame read as the kiosk's first pass makes it (drivers/qr/frame_decoder.cpp): what
// a frame without a code would cost if nothing were retried on it.
void single_pass(const yiwang::drivers::GrayFrame& frame) {
  ZXing::ImageView image(frame.pixels.data(), frame.width, frame.height, ZXing::ImageFormat::Lum);
  ZXing::DecodeHints hints;
  hints.setFormats(ZXing::BarcodeFormat::QRCode);
  hints.setTryHarder(false);
  hints.setTryDownscale(false);
  hints.setTryRotate(false);
  hints.setBinarizer(ZXing::Binarizer::LocalAverage);
  (void)ZXing::ReadBarcodes(image, hints);
}

// Wall time and this thread's CPU time since construction. On a shared machine the wall time
// includes waiting for a core; the CPU time mostly does not, so its ratios are the steadier ones.
class Stopwatch {
 public:
  Stopwatch() : wall_(std::chrono::steady_clock::now()), cpu_(cpu_now()) {}
  double wall_ms() const {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - wall_)
        .count();
  }
  double cpu_ms() const { return cpu_now() - cpu_; }

 private:
  static double cpu_now() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
  }
  std::chrono::steady_clock::time_point wall_;
  double cpu_;
};

// The kiosk reports every code decode_qr_codes returns (drivers/qr/camera_scanner.cpp), so any
// code other than the expected one is a misread, even beside the right one.
enum class Outcome { right, nothing, misread };

Outcome judge(const std::vector<std::string>& codes, const std::string& expected) {
  for (const auto& code : codes)
    if (code != expected) return Outcome::misread;
  // the expected code alone, or nothing from a frame without one
  return !codes.empty() || expected.empty() ? Outcome::right : Outcome::nothing;
}

void count(Tally& t, double wall, double cpu, Outcome outcome) {
  ++t.total;
  t.ms.push_back(wall);
  t.cpu_ms.push_back(cpu);
  if (outcome == Outcome::misread) ++t.misread;
  if (outcome == Outcome::right) ++t.decoded;
}

double mean(const std::vector<double>& v) {
  double sum = 0;
  for (double x : v) sum += x;
  return v.empty() ? 0 : sum / static_cast<double>(v.size());
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

double p99(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<std::size_t>(std::ceil(0.99 * static_cast<double>(v.size())));
  return v[std::max<std::size_t>(rank, 1) - 1];
}

// DIR/manifest.tsv: "file<TAB>category<TAB>content" per line, content "" for no code; '#' comments.
bool load_dir(const std::string& dir, std::vector<Frame>& frames, std::vector<std::string>& order) {
  std::ifstream manifest(dir + "/manifest.tsv");
  if (!manifest) {
    std::fprintf(stderr, "qr-camera-bench: cannot read %s/manifest.tsv\n", dir.c_str());
    return false;
  }
  std::string line;
  while (std::getline(manifest, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto tab1 = line.find('\t');
    const auto tab2 = tab1 == std::string::npos ? tab1 : line.find('\t', tab1 + 1);
    if (tab2 == std::string::npos) {
      std::fprintf(stderr, "qr-camera-bench: bad manifest line: %.80s\n", line.c_str());
      return false;
    }
    Frame f;
    f.file = line.substr(0, tab1);
    f.category = line.substr(tab1 + 1, tab2 - tab1 - 1);
    f.content = line.substr(tab2 + 1);
    if (f.content == "\"\"") f.content.clear();
    auto image = yiwang::drivers::read_pgm(dir + "/" + line.substr(0, tab1));
    if (!image) {
      std::fprintf(stderr, "qr-camera-bench: %s\n", image.error().c_str());
      return false;
    }
    f.frame = std::move(image.value());
    if (std::find(order.begin(), order.end(), f.category) == order.end())
      order.push_back(f.category);
    frames.push_back(std::move(f));
  }
  return !frames.empty();
}

void row(const char* name, const Tally& a, const Tally& b) {
  auto half = [](const Tally& t) {
    std::printf("%3d/%-3d %5.1f%% %3d %7.2f %7.2f", t.decoded, t.total,
                t.total ? 100.0 * t.decoded / t.total : 0.0, t.misread, mean(t.ms), p99(t.ms));
  };
  std::printf("%-13s | ", name);
  half(a);
  std::printf(" | ");
  half(b);
  std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<Frame> frames;
  std::vector<std::string> order;
  std::string source;
  bool failures = false;
  double min_rate = -1;
  if (argc > 2 && std::strcmp(argv[1], "--dir") == 0) {
    if (!load_dir(argv[2], frames, order)) return 1;
    source = argv[2];
    for (int i = 3; i < argc; ++i) {
      if (std::strcmp(argv[i], "--failures") == 0) {
        failures = true;
      } else if (std::strcmp(argv[i], "--min-rate") == 0 && i + 1 < argc) {
        min_rate = std::atof(argv[++i]);
      } else {
        std::fprintf(stderr, "qr-camera-bench: unknown argument %s\n", argv[i]);
        return 2;
      }
    }
  } else {
    const int per_category = argc > 1 ? std::atoi(argv[1]) : 34;
    for (auto& image : yiwang::test::make_qr_corpus(per_category))
      frames.push_back({"", image.category, image.content, std::move(image.frame)});
    order = yiwang::test::kCorpusCategories;
    source = "the generated corpus, " + std::to_string(per_category) + " per category";
  }
  std::map<std::string, Tally> zxing, zbar;
  Tally zxing_all, zbar_all;
  // Frames without a code, CPU ms: the kiosk's decoder, one whole-frame pass, ZBar.
  std::vector<double> empty_kiosk, empty_single, empty_zbar;
  for (const auto& image : frames) {
    Stopwatch watch;
    const auto codes = yiwang::drivers::decode_qr_codes(image.frame);
    const double zx_ms = watch.wall_ms();
    const double zx_cpu = watch.cpu_ms();
    watch = Stopwatch();
    const std::string zb = yiwang::test::decode_qr_grey_zbar(image.frame.pixels.data(),
                                                             image.frame.width, image.frame.height);
    const double zb_ms = watch.wall_ms();
    const double zb_cpu = watch.cpu_ms();
    if (image.content.empty()) {
      watch = Stopwatch();
      single_pass(image.frame);
      empty_single.push_back(watch.cpu_ms());
      empty_kiosk.push_back(zx_cpu);
      empty_zbar.push_back(zb_cpu);
    }
    std::vector<std::string> zb_codes;
    if (!zb.empty()) zb_codes.push_back(zb);
    const Outcome zx = judge(codes, image.content);
    const Outcome zbo = judge(zb_codes, image.content);
    for (Tally* t : {&zxing[image.category], &zxing_all}) count(*t, zx_ms, zx_cpu, zx);
    for (Tally* t : {&zbar[image.category], &zbar_all}) count(*t, zb_ms, zb_cpu, zbo);
    if (failures && (zx != Outcome::right || zbo != Outcome::right)) {
      auto name = [](Outcome o) {
        return o == Outcome::right ? "right" : o == Outcome::nothing ? "nothing" : "MISREAD";
      };
      std::printf("%s %s: ZXing %s, ZBar %s\n", image.file.c_str(), image.category.c_str(),
                  name(zx), name(zbo));
    }
  }
  std::printf("qr-camera-bench: %zu frames (%s)\n", frames.size(), source.c_str());
  std::printf(
      "right = the expected code alone (nothing, on a frame without a code); bad = misreads\n");
  std::printf("%-13s | %-37s | %-37s\n", "category", "ZXing-cpp (kiosk) right  bad  mean p99 ms",
              "ZBar right  bad  mean p99 ms");
  for (const auto& category : order) row(category.c_str(), zxing[category], zbar[category]);
  row("all", zxing_all, zbar_all);
  std::printf("time ratio ZXing/ZBar (mean): %.2f wall, %.2f CPU (%.2f ms against %.2f)\n",
              mean(zxing_all.ms) / mean(zbar_all.ms), mean(zxing_all.cpu_ms) / mean(zbar_all.cpu_ms),
              mean(zxing_all.cpu_ms), mean(zbar_all.cpu_ms));
  if (!empty_kiosk.empty()) {
    std::printf(
        "frames without a code, CPU: kiosk %.2f ms (median %.2f), one whole-frame ZXing pass "
        "%.2f ms (median %.2f): %.2fx (median %.2fx); ZBar %.2f ms\n",
        mean(empty_kiosk), median(empty_kiosk), mean(empty_single), median(empty_single),
        mean(empty_kiosk) / mean(empty_single), median(empty_kiosk) / median(empty_single),
        mean(empty_zbar));
  }
  if (min_rate >= 0) {
    const double rate = 100.0 * zxing_all.decoded / zxing_all.total;
    const bool pass = zxing_all.misread == 0 && rate >= min_rate;
    std::printf("kiosk decoder: %.1f %% right, %d misreads; required >= %.1f %%, 0 misreads: %s\n",
                rate, zxing_all.misread, min_rate, pass ? "PASS" : "FAIL");
    return pass ? 0 : 1;
  }
  return 0;
}
