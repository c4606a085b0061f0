#include "core/Metrics.h"

#include <algorithm>
#include <cmath>

namespace core {

namespace {

QByteArray renderLabels(MetricLabels labels)
{
    if (labels.isEmpty())
        return {};
    std::sort(labels.begin(), labels.end());
    QByteArray out("{");
    for (qsizetype i = 0; i < labels.size(); ++i) {
        if (i)
            out.append(',');
        QByteArray value = labels[i].second;
        value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
        out.append(labels[i].first).append("=\"").append(value).append('"');
    }
    out.append('}');
    return out;
}

QByteArray number(double value)
{
    if (std::isinf(value))
        return value > 0 ? QByteArray("+Inf") : QByteArray("-Inf");
    if (std::isnan(value))
        return QByteArray("NaN");
    if (value == std::floor(value) && std::fabs(value) < 1e15)
        return QByteArray::number(qint64(value));
    return QByteArray::number(value, 'g', 10);
}

// Inserts extra labels (le="...") into an already rendered label set.
QByteArray withLabel(const QByteArray &rendered, const QByteArray &extra)
{
    if (rendered.isEmpty())
        return '{' + extra + '}';
    return rendered.left(rendered.size() - 1) + ',' + extra + '}';
}

} // namespace

Histogram::Histogram(QList<double> upperBounds)
    : m_bounds(std::move(upperBounds))
    , m_buckets(new std::atomic<quint64>[size_t(m_bounds.size())])
{
    std::sort(m_bounds.begin(), m_bounds.end());
    for (qsizetype i = 0; i < m_bounds.size(); ++i)
        m_buckets[size_t(i)] = 0;
}

void Histogram::observe(double value)
{
    const auto it = std::lower_bound(m_bounds.cbegin(), m_bounds.cend(), value);
    if (it != m_bounds.cend())
        m_buckets[size_t(it - m_bounds.cbegin())].fetch_add(1, std::memory_order_relaxed);
    m_count.fetch_add(1, std::memory_order_relaxed);
    double old = m_sum.load(std::memory_order_relaxed);
    while (!m_sum.compare_exchange_weak(old, old + value, std::memory_order_relaxed)) {
    }
}

QList<quint64> Histogram::cumulativeCounts() const
{
    QList<quint64> counts;
    quint64 running = 0;
    for (qsizetype i = 0; i < m_bounds.size(); ++i) {
        running += m_buckets[size_t(i)].load(std::memory_order_relaxed);
        counts.append(running);
    }
    return counts;
}

double Histogram::quantile(double q) const
{
    const QList<quint64> counts = cumulativeCounts();
    const quint64 total = count();
    if (total == 0)
        return 0;
    const double rank = q * double(total);
    double lowerBound = 0;
    quint64 lowerCount = 0;
    for (qsizetype i = 0; i < counts.size(); ++i) {
        if (double(counts[i]) >= rank) {
            const quint64 inBucket = counts[i] - lowerCount;
            const double fraction = inBucket ? (rank - double(lowerCount)) / double(inBucket) : 1.0;
            return lowerBound + (m_bounds[i] - lowerBound) * fraction;
        }
        lowerBound = m_bounds[i];
        lowerCount = counts[i];
    }
    return m_bounds.isEmpty() ? 0 : m_bounds.last();
}

MetricsRegistry::Family &MetricsRegistry::family(const QByteArray &name, const QByteArray &help, Type type)
{
    Family &f = m_families[name];
    f.type = type;
    if (f.help.isEmpty())
        f.help = help;
    return f;
}

Counter *MetricsRegistry::counter(const QByteArray &name, const QByteArray &help, const MetricLabels &labels)
{
    QMutexLocker lock(&m_mutex);
    auto &slot = family(name, help, Type::Counter).series[renderLabels(labels)];
    if (!slot)
        slot = std::make_shared<Counter>();
    return static_cast<Counter *>(slot.get());
}

Gauge *MetricsRegistry::gauge(const QByteArray &name, const QByteArray &help, const MetricLabels &labels)
{
    QMutexLocker lock(&m_mutex);
    auto &slot = family(name, help, Type::Gauge).series[renderLabels(labels)];
    if (!slot)
        slot = std::make_shared<Gauge>();
    return static_cast<Gauge *>(slot.get());
}

Histogram *MetricsRegistry::histogram(const QByteArray &name, const QByteArray &help, const QList<double> &upperBounds)
{
    QMutexLocker lock(&m_mutex);
    auto &slot = family(name, help, Type::Histogram).series[QByteArray()];
    if (!slot)
        slot = std::make_shared<Histogram>(upperBounds);
    return static_cast<Histogram *>(slot.get());
}

void MetricsRegistry::gaugeCallback(const QByteArray &name, const QByteArray &help, std::function<double()> read)
{
    QMutexLocker lock(&m_mutex);
    family(name, help, Type::Gauge).callback = std::move(read);
}

QByteArray MetricsRegistry::renderPrometheus() const
{
    QMutexLocker lock(&m_mutex);
    QByteArray out;
    for (auto it = m_families.cbegin(); it != m_families.cend(); ++it) {
        const Family &f = it.value();
        const QByteArray &name = it.key();
        static const char *typeNames[] = {"counter", "gauge", "histogram"};
        out.append("# HELP ").append(name).append(' ').append(f.help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(typeNames[int(f.type)]).append('\n');
        if (f.callback) {
            out.append(name).append(' ').append(number(f.callback())).append('\n');
            continue;
        }
        for (auto s = f.series.cbegin(); s != f.series.cend(); ++s) {
            const QByteArray &labels = s.key();
            switch (f.type) {
            case Type::Counter:
                out.append(name).append(labels).append(' ')
                    .append(QByteArray::number(static_cast<const Counter *>(s.value().get())->value())).append('\n');
                break;
            case Type::Gauge:
                out.append(name).append(labels).append(' ')
                    .append(number(static_cast<const Gauge *>(s.value().get())->value())).append('\n');
                break;
            case Type::Histogram: {
                const auto *h = static_cast<const Histogram *>(s.value().get());
                const QList<double> bounds = h->upperBounds();
                const QList<quint64> counts = h->cumulativeCounts();
                // Observations land in a bucket before the count; never let +Inf trail the buckets.
                const quint64 total = std::max(h->count(), counts.isEmpty() ? quint64(0) : counts.last());
                for (qsizetype i = 0; i < bounds.size(); ++i)
                    out.append(name).append("_bucket").append(withLabel(labels, "le=\"" + number(bounds[i]) + '"'))
                        .append(' ').append(QByteArray::number(counts[i])).append('\n');
                out.append(name).append("_bucket").append(withLabel(labels, "le=\"+Inf\"")).append(' ')
                    .append(QByteArray::number(total)).append('\n');
                out.append(name).append("_sum").append(labels).append(' ').append(number(h->sum())).append('\n');
                out.append(name).append("_count").append(labels).append(' ').append(QByteArray::number(total)).append('\n');
                break;
            }
            }
        }
    }
    return out;
}

} // namespace core
