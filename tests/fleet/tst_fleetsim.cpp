// fleet_sim: fieldsync-sim with a small fleet against a real fieldsync-server must end with "converged: yes".
#include "HubProcess.h"

#include <QProcess>
#include <QTest>

class TestFleetSim : public QObject
{
    Q_OBJECT

private:
    struct Run
    {
        int exitCode = -1;
        QStringList lines;
        QString stderrText;
    };
    Run runSimulator(const QStringList& args, int timeoutMs)
    {
        Run run;
        QProcess sim;
        sim.start(HubProcess::simulatorBinary(), args);
        if (!sim.waitForFinished(timeoutMs)) {
            sim.kill();
            sim.waitForFinished(5'000);
            return run;
        }
        run.exitCode = sim.exitStatus() == QProcess::NormalExit ? sim.exitCode() : -1;
        run.lines = QString::fromLocal8Bit(sim.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        run.stderrText = QString::fromLocal8Bit(sim.readAllStandardError());
        return run;
    }

    HubProcess m_hub;
    QString m_adminToken;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(HubProcess::simulatorBinary()), qPrintable(HubProcess::simulatorBinary()));
        const auto admin = m_hub.enrol(QStringLiteral("ops"), QStringLiteral("ops"), QStringLiteral("admin"));
        QVERIFY(admin);
        m_adminToken = admin->token;
        QVERIFY2(m_hub.start(), qPrintable(m_hub.log()));
    }

    void smallFleetConverges()
    {
        const Run run = runSimulator(
            { QStringLiteral("--server"), m_hub.url().toString(), QStringLiteral("--admin-token"), m_adminToken,
                QStringLiteral("--devices"), QStringLiteral("6"), QStringLiteral("--duration"), QStringLiteral("20"),
                QStringLiteral("--seed"), QStringLiteral("7"), QStringLiteral("--skew-devices"), QStringLiteral("2"),
                QStringLiteral("--edit-rate"), QStringLiteral("40"), QStringLiteral("--offline-share"),
                QStringLiteral("0.3"), QStringLiteral("--sync-interval"), QStringLiteral("2"),
                QStringLiteral("--data-dir"), m_hub.dataDir() + QStringLiteral("/sim") },
            150'000);
        const QString output = run.lines.join(QLatin1Char('\n'));
        QVERIFY2(!run.lines.isEmpty(), qPrintable(run.stderrText));
        QCOMPARE(run.lines.last(), QStringLiteral("converged: yes"));
        QVERIFY2(run.exitCode == 0, qPrintable(output));
        QVERIFY2(output.contains(QLatin1String("summary: 6 devices")), qPrintable(output));
        QVERIFY2(output.contains(QLatin1String("audits: 6 match")), qPrintable(output));
        QVERIFY2(output.contains(QLatin1String("offline periods:")), qPrintable(output));
        // Every device pushed something and the server holds at least the 6 shared and 12 seeded rows.
        const auto serverRows = output.indexOf(QLatin1String(" rows on the server"));
        QVERIFY(serverRows > 0);
        const QString before = output.left(serverRows);
        const int count = before.mid(before.lastIndexOf(QLatin1Char(' ')) + 1).toInt();
        QVERIFY2(count >= 18, qPrintable(output));
    }

    void refusesWithoutAdminToken()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("FIELDSYNC_ADMIN_TOKEN"));
        QProcess sim;
        sim.setProcessEnvironment(env);
        sim.start(HubProcess::simulatorBinary(), { QStringLiteral("--server"), m_hub.url().toString() });
        QVERIFY(sim.waitForFinished(20'000));
        QCOMPARE(sim.exitCode(), 2);
        QVERIFY(sim.readAllStandardError().contains("--admin-token"));
    }

    void reportsRefusedEnrolment()
    {
        const Run run
            = runSimulator({ QStringLiteral("--server"), m_hub.url().toString(), QStringLiteral("--admin-token"),
                               QStringLiteral("fs_not_a_token"), QStringLiteral("--devices"), QStringLiteral("2"),
                               QStringLiteral("--duration"), QStringLiteral("5") },
                30'000);
        QCOMPARE(run.exitCode, 2);
        QVERIFY(!run.lines.isEmpty());
        QVERIFY2(run.lines.join(QLatin1Char('\n')).contains(QLatin1String("enrolling device 1 failed: 401")),
            qPrintable(run.lines.join(QLatin1Char('\n'))));
        QVERIFY(run.lines.last().startsWith(QLatin1String("converged: no")));
    }

    void refusesTechnicianAsAdmin()
    {
        const auto tech = m_hub.enrol(QStringLiteral("laptop"), QStringLiteral("erin"), QStringLiteral("technician"));
        QVERIFY(tech);
        const Run run = runSimulator(
            { QStringLiteral("--server"), m_hub.url().toString(), QStringLiteral("--admin-token"), tech->token,
                QStringLiteral("--devices"), QStringLiteral("1"), QStringLiteral("--duration"), QStringLiteral("5") },
            30'000);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.lines.join(QLatin1Char('\n')).contains(QLatin1String("failed: 403")),
            qPrintable(run.lines.join(QLatin1Char('\n'))));
    }
};

QTEST_GUILESS_MAIN(TestFleetSim)
#include "tst_fleetsim.moc"
