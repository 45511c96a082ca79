// GB 11643 check digit: weighted sum of the first 17 digits mod 11, mapped to 1 0 X 9 8 7 6 5 4
// 3 2.
#include "idcard/id_number.h"

namespace yiwang::drivers {

bool id_number_valid(std::string_view number) {
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kCheck[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
  if (number.size() != 18) return false;
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    const char c = number[static_cast<std::size_t>(i)];
    if (c < '0' || c > '9') return false;
    sum += (c - '0') * kWeights[i];
  }
  char last = number[17];
  if (last == 'x') last = 'X';
  return kCheck[sum % 11] == last;
}

}  // namespace yiwang::drivers
