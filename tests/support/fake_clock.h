// A clock the test moves by hand: the flow's timers and the wall clock both follow `now`.
#pragma once

#include "core/clock.h"

namespace yiwang::test {

class FakeClock : public kiosk::Clock {
 public:
  long long now_ms() const override { return now; }
  long long unix_ms() const override { return 1795000000000LL + now; }  // 2026-11-18
  long long now = 1000;
};

}  // namespace yiwang::test
