#pragma once

#include <QtGlobal>
#include <deque>
#include <unordered_map>
#include <vector>

namespace rules {

// Sentinel's streaming anomaly detector for one numeric series. Each value gets a score in
// [0, 1] computed only from the values before it, so it runs live and replays identically.
//
// It asks "has this series done this before?" rather than "is this far from the mean?":
//  * After a warm-up, the value range seen so far is cut into equal bins, and every value
//    becomes a bin number. The detector remembers which bins, and which short sequences of
//    bins (up to six), it has seen.
//  * A value in a bin beyond everything seen scores highest (more the further out it is); a
//    value in a never-visited bin inside the range scores next; otherwise the score is the
//    share of the recent bin sequences that are new, at most 0.5.
//  * A burst is reported once: a score that does not exceed the highest of the last
//    `suppression` scores is halved, so one incident is one alert, not one per row.
// On the Numenta Anomaly Benchmark this scores 66 (standard profile), against 40 for a rolling
// Gaussian z-score measured the same way (README "Anomaly detection").
class AnomalyDetector final
{
public:
    struct Settings
    {
        int warmup = 300;       // values learnt before the first score
        int bins = 12;          // across the warm-up range
        int contextLength = 6;  // longest bin sequence remembered
        int suppression = 150;  // values over which a burst is reported once
        qsizetype maxContexts = 200000; // memory bound for a long-lived stream
    };

    AnomalyDetector();
    explicit AnomalyDetector(Settings settings);

    // Scores `value` against what came before, then learns it. NaN values score 0 and are skipped.
    double score(double value);
    qint64 count() const { return m_count; }

    // The score threshold for a rule's sensitivity: 1 (fewest alerts) to 10 (most). The default,
    // 5, alerts on values outside anything seen and on never-visited bins, once per burst.
    static double thresholdForSensitivity(double sensitivity);
    static constexpr double defaultSensitivity = 5;

private:
    double rawScore(qint64 bin);
    void learn(qint64 bin);
    void startBinning();

    Settings m_settings;
    std::vector<double> m_warmup;
    std::deque<qint64> m_recentBins;
    std::unordered_map<quint64, quint32> m_contexts; // hash of a bin sequence -> times seen
    std::deque<double> m_recentScores;
    double m_low = 0;
    double m_binWidth = 0;
    qint64 m_minBin = 0;
    qint64 m_maxBin = 0;
    qint64 m_count = 0;
};

} // namespace rules
