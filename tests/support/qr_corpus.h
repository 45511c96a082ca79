// A generated camera corpus: the project's own tracking and e-ID codes (with Chinese names) drawn
// into 1280x720 frames as a camera would see them: clean, small modules, rotated, blurred, noisy,
// low contrast, in a cluttered scene, in perspective. Deterministic for a given seed.
#pragma once

#include <string>
#include <vector>

#include "qr/image_source.h"

namespace yiwang::test {

struct CorpusImage {
  std::string category;  // clean, small, rotated, blurred, noisy, low_contrast, scene, perspective
  std::string content;   // what the code holds
  drivers::GrayFrame frame;
};

inline const std::vector<std::string> kCorpusCategories = {
    "clean", "small", "rotated", "blurred", "noisy", "low_contrast", "scene", "perspective"};

// `per_category` images of each category.
std::vector<CorpusImage> make_qr_corpus(int per_category, unsigned seed = 20261122);

}  // namespace yiwang::test
