#pragma once

#include <QtGlobal>
#include <deque>

namespace alerts {

// Nagios-style flap detection for one alert series (a fingerprint). Nagios checks a service at
// a fixed interval and keeps the last 21 states; the percent state change weights the 20
// transitions linearly from 0.8 (oldest) to 1.2 (newest). A series starts flapping above the
// high threshold and stops below the low one. Alerts change state only on transitions, so the
// quiet time between two transitions counts as one unchanged check per `checkIntervalMs`.
class FlapDetector final
{
public:
    struct Settings
    {
        double lowThreshold = 25;  // percent
        double highThreshold = 50; // percent
        qint64 checkIntervalMs = 60000;
    };

    FlapDetector();
    explicit FlapDetector(Settings settings);

    // Records that the series is now firing (or not) at `atMs`; returns whether it is flapping.
    bool record(bool firing, qint64 atMs);
    bool isFlapping() const { return m_flapping; }
    double percentStateChange() const;

private:
    Settings m_settings;
    std::deque<bool> m_states; // the last 21 checks, oldest first
    qint64 m_lastMs = -1;
    bool m_flapping = false;
};

} // namespace alerts
