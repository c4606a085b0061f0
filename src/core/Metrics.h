#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QMutex>
#include <QPair>
#include <atomic>
#include <functional>
#include <memory>

namespace core {

// Sentinel's own metrics, rendered in the Prometheus text exposition format 0.0.4.
// Creating a series takes a lock; updating one is a lock-free atomic, safe from any thread.
using MetricLabels = QList<QPair<QByteArray, QByteArray>>;

class Counter final
{
public:
    void increment(quint64 by = 1) { m_value.fetch_add(by, std::memory_order_relaxed); }
    quint64 value() const { return m_value.load(std::memory_order_relaxed); }

private:
    std::atomic<quint64> m_value{0};
};

class Gauge final
{
public:
    void set(double value) { m_value.store(value, std::memory_order_relaxed); }
    double value() const { return m_value.load(std::memory_order_relaxed); }

private:
    std::atomic<double> m_value{0};
};

class Histogram final
{
public:
    explicit Histogram(QList<double> upperBounds);
    void observe(double value);

    QList<double> upperBounds() const { return m_bounds; }
    QList<quint64> cumulativeCounts() const;
    quint64 count() const { return m_count.load(std::memory_order_relaxed); }
    double sum() const { return m_sum.load(std::memory_order_relaxed); }
    // Linear interpolation inside the bucket that holds quantile q (as Prometheus does).
    double quantile(double q) const;

private:
    QList<double> m_bounds;
    std::unique_ptr<std::atomic<quint64>[]> m_buckets;
    std::atomic<quint64> m_count{0};
    std::atomic<double> m_sum{0};
};

class MetricsRegistry final
{
public:
    MetricsRegistry() = default;
    Q_DISABLE_COPY_MOVE(MetricsRegistry)

    Counter *counter(const QByteArray &name, const QByteArray &help, const MetricLabels &labels = {});
    Gauge *gauge(const QByteArray &name, const QByteArray &help, const MetricLabels &labels = {});
    Histogram *histogram(const QByteArray &name, const QByteArray &help, const QList<double> &upperBounds);
    // A gauge computed when scraped (store size, queue depth).
    void gaugeCallback(const QByteArray &name, const QByteArray &help, std::function<double()> read);

    QByteArray renderPrometheus() const;

private:
    enum class Type { Counter, Gauge, Histogram };
    struct Family
    {
        Type type = Type::Counter;
        QByteArray help;
        QMap<QByteArray, std::shared_ptr<void>> series; // rendered label set -> metric
        std::function<double()> callback;
    };
    Family &family(const QByteArray &name, const QByteArray &help, Type type);

    mutable QMutex m_mutex;
    QMap<QByteArray, Family> m_families;
};

} // namespace core
