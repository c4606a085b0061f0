#pragma once

#include <QLockFile>
#include <QString>
#include <memory>

namespace services {

// The data directory: created when missing, checked writable, and locked so that two servers
// never share one store. Admin commands open the database without taking the lock.
class DataDirectory final
{
public:
    explicit DataDirectory(QString path);

    // Empty on success, else one line for the operator.
    QString prepare();
    QString lockForServer();
    QString databasePath() const;
    QString path() const { return m_path; }
    static QString defaultPath();

private:
    QString m_path;
    std::unique_ptr<QLockFile> m_lock;
};

} // namespace services
