<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>FieldLabels</name>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Standort</translation>
    </message>
    <message>
        <source>Asset</source>
        <translation>Anlage</translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation>Zugewiesen an</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Fällig</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notizen</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Gelöscht</translation>
    </message>
</context>
<context>
    <name>StoreOpener</name>
    <message>
        <source>The data folder %1 does not exist.

Create it, or start FieldSync with --data-dir pointing to an existing folder.</source>
        <translation>Der Datenordner %1 existiert nicht.

Legen Sie ihn an oder starten Sie FieldSync mit --data-dir und einem vorhandenen Ordner.</translation>
    </message>
    <message>
        <source>The work-order database %1 is read-only, so FieldSync could not save your edits.

Check the permissions of the file and its folder. The file was not changed.</source>
        <translation>Die Auftragsdatenbank %1 ist schreibgeschützt, daher könnte FieldSync Ihre Änderungen nicht speichern.

Prüfen Sie die Berechtigungen der Datei und ihres Ordners. Die Datei wurde nicht verändert.</translation>
    </message>
    <message>
        <source>The file %1 is not a readable FieldSync database; it may be damaged.

It was left exactly as it is. Restore it from a backup, or move it aside to start with an empty store; unsynced edits in it can only come back from a backup.</source>
        <translation>Die Datei %1 ist keine lesbare FieldSync-Datenbank; sie ist möglicherweise beschädigt.

Sie wurde unverändert gelassen. Stellen Sie sie aus einer Sicherung wieder her oder verschieben Sie sie, um mit einem leeren Speicher zu beginnen; nicht synchronisierte Änderungen darin lassen sich nur aus einer Sicherung zurückholen.</translation>
    </message>
    <message>
        <source>The database %1 was created by a newer version of FieldSync.

Install the newer version to open it. The file was not changed.</source>
        <translation>Die Datenbank %1 wurde von einer neueren FieldSync-Version erstellt.

Installieren Sie die neuere Version, um sie zu öffnen. Die Datei wurde nicht verändert.</translation>
    </message>
    <message>
        <source>FieldSync could not open the database %1.

The file was not changed.</source>
        <translation>FieldSync konnte die Datenbank %1 nicht öffnen.

Die Datei wurde nicht verändert.</translation>
    </message>
    <message>
        <source>Details: %1</source>
        <translation>Details: %1</translation>
    </message>
    <message>
        <source>FieldSync cannot open its data</source>
        <translation>FieldSync kann seine Daten nicht öffnen</translation>
    </message>
</context>
<context>
    <name>fieldsync::ConflictsDialog</name>
    <message>
        <source>Conflicts</source>
        <translation>Konflikte</translation>
    </message>
    <message>
        <source>Someone else changed the same field while you were offline. The hub kept one value; nothing was thrown away. Restore your value to make it the current one again, or keep the current value.</source>
        <translation>Jemand anderes hat dasselbe Feld geändert, während Sie offline waren. Der Hub hat einen Wert behalten; nichts wurde verworfen. Stellen Sie Ihren Wert wieder her, um ihn erneut zum aktuellen zu machen, oder behalten Sie den aktuellen Wert.</translation>
    </message>
    <message>
        <source>Work order</source>
        <translation>Arbeitsauftrag</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <source>My value</source>
        <translation>Mein Wert</translation>
    </message>
    <message>
        <source>Other value</source>
        <translation>Anderer Wert</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Restore my value</source>
        <translation>Meinen Wert wiederherstellen</translation>
    </message>
    <message>
        <source>Keep current value</source>
        <translation>Aktuellen Wert behalten</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>gelöscht</translation>
    </message>
    <message>
        <source>not deleted</source>
        <translation>nicht gelöscht</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(leer)</translation>
    </message>
    <message>
        <source>The conflicts could not be read.</source>
        <translation>Die Konflikte konnten nicht gelesen werden.</translation>
    </message>
    <message>
        <source>Your value is the current one.</source>
        <translation>Ihr Wert ist der aktuelle.</translation>
    </message>
    <message>
        <source>Your value could not be restored: %1</source>
        <translation>Ihr Wert konnte nicht wiederhergestellt werden: %1</translation>
    </message>
    <message>
        <source>The conflict could not be marked as resolved: %1</source>
        <translation>Der Konflikt konnte nicht als gelöst markiert werden: %1</translation>
    </message>
</context>
<context>
    <name>fieldsync::FleetClient</name>
    <message>
        <source>No hub configured.</source>
        <translation>Kein Hub eingerichtet.</translation>
    </message>
</context>
<context>
    <name>fieldsync::FleetConflictModel</name>
    <message>
        <source>deleted</source>
        <translation>gelöscht</translation>
    </message>
    <message>
        <source>not deleted</source>
        <translation>nicht gelöscht</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(leer)</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>Work order …%1</source>
        <translation>Auftrag …%1</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>Work order</source>
        <translation>Arbeitsauftrag</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <source>Current value</source>
        <translation>Aktueller Wert</translation>
    </message>
    <message>
        <source>Written by</source>
        <translation>Geschrieben von</translation>
    </message>
    <message>
        <source>Other value</source>
        <translation>Anderer Wert</translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation>Erfasst</translation>
    </message>
</context>
<context>
    <name>fieldsync::FleetDeviceModel</name>
    <message>
        <source>Healthy</source>
        <translation>In Ordnung</translation>
    </message>
    <message>
        <source>Never synced</source>
        <translation>Nie synchronisiert</translation>
    </message>
    <message>
        <source>Stale: not seen for over %1</source>
        <translation>Veraltet: seit über %1 nicht gesehen</translation>
    </message>
    <message>
        <source>High sync latency: p95 above %1</source>
        <translation>Hohe Sync-Latenz: p95 über %1</translation>
    </message>
    <message>
        <source>Integrity audit failed</source>
        <translation>Integritätsprüfung fehlgeschlagen</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>Gesperrt</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>gerade eben</translation>
    </message>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation>
            <numerusform>vor %n Min.</numerusform>
            <numerusform>vor %n Min.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <translation>
            <numerusform>vor %n Std.</numerusform>
            <numerusform>vor %n Std.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n days ago</source>
        <translation>
            <numerusform>vor %n Tag</numerusform>
            <numerusform>vor %n Tagen</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 Min.</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 Std.</translation>
    </message>
    <message>
        <source>match</source>
        <translation>übereinstimmend</translation>
    </message>
    <message>
        <source>repaired</source>
        <translation>repariert</translation>
    </message>
    <message>
        <source>mismatch</source>
        <translation>abweichend</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>0 s</source>
        <translation>0 s</translation>
    </message>
    <message>
        <source>+%1</source>
        <translation>+%1</translation>
    </message>
    <message>
        <source>−%1</source>
        <translation>−%1</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>Techniker</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Zuletzt gesehen</translation>
    </message>
    <message>
        <source>Unsynced</source>
        <translation>Nicht synchronisiert</translation>
    </message>
    <message>
        <source>Latency p50</source>
        <translation>Latenz p50</translation>
    </message>
    <message>
        <source>Latency p95</source>
        <translation>Latenz p95</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>Konflikte</translation>
    </message>
    <message>
        <source>Last audit</source>
        <translation>Letzte Prüfung</translation>
    </message>
    <message>
        <source>Clock skew</source>
        <translation>Uhrabweichung</translation>
    </message>
    <message>
        <source>App version</source>
        <translation>App-Version</translation>
    </message>
</context>
<context>
    <name>fieldsync::FleetEventModel</name>
    <message>
        <source>Sync</source>
        <translation>Synchronisierung</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Zurücksetzung</translation>
    </message>
    <message>
        <source>Quarantine</source>
        <translation>Quarantäne</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>pushed %1</source>
        <translation>%1 gesendet</translation>
    </message>
    <message>
        <source>pulled %1</source>
        <translation>%1 empfangen</translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s)</source>
        <translation>
            <numerusform>%n Konflikt</numerusform>
            <numerusform>%n Konflikte</numerusform>
        </translation>
    </message>
    <message>
        <source>result: %1</source>
        <translation>Ergebnis: %1</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>nothing to exchange</source>
        <translation>nichts auszutauschen</translation>
    </message>
    <message>
        <source>integrity audit finished</source>
        <translation>Integritätsprüfung abgeschlossen</translation>
    </message>
</context>
<context>
    <name>fieldsync::FleetPanel</name>
    <message>
        <source>Settled: %1 · %2 is now “%3”.</source>
        <translation>Entschieden: %1 · %2 ist jetzt „%3“.</translation>
    </message>
    <message>
        <source>devices</source>
        <translation>Geräte</translation>
    </message>
    <message>
        <source>average latency, last hour</source>
        <translation>mittlere Latenz, letzte Stunde</translation>
    </message>
    <message>
        <source>p95 latency, last hour</source>
        <translation>p95-Latenz, letzte Stunde</translation>
    </message>
    <message>
        <source>unsynced changes</source>
        <translation>nicht synchronisierte Änderungen</translation>
    </message>
    <message>
        <source>open conflicts</source>
        <translation>offene Konflikte</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Fetch the fleet&apos;s state now</source>
        <translation>Den Zustand der Flotte jetzt abrufen</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Geräte</translation>
    </message>
    <message>
        <source>Fleet sync latency</source>
        <translation>Sync-Latenz der Flotte</translation>
    </message>
    <message>
        <source>Average latency (min)</source>
        <translation>Mittlere Latenz (Min.)</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>Minuten</translation>
    </message>
    <message>
        <source>Current value</source>
        <translation>Aktueller Wert</translation>
    </message>
    <message>
        <source>Other value</source>
        <translation>Anderer Wert</translation>
    </message>
    <message>
        <source>Keep current value</source>
        <translation>Aktuellen Wert behalten</translation>
    </message>
    <message>
        <source>Keep other value</source>
        <translation>Anderen Wert behalten</translation>
    </message>
    <message>
        <source>No open conflicts in the fleet.</source>
        <translation>Keine offenen Konflikte in der Flotte.</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Schwellenwert</translation>
    </message>
    <message>
        <source>Alarm threshold (%1)</source>
        <translation>Alarmschwelle (%1)</translation>
    </message>
    <message>
        <source>Updated %1</source>
        <translation>Aktualisiert %1</translation>
    </message>
    <message>
        <source>Waiting for the hub…</source>
        <translation>Warte auf den Hub…</translation>
    </message>
    <message>
        <source>Sync latency alarm: the fleet&apos;s average over the last hour is %1, above the %2 threshold.</source>
        <translation>Latenzalarm: Der Flottendurchschnitt der letzten Stunde beträgt %1 und liegt über der Schwelle von %2.</translation>
    </message>
    <message>
        <source>Integrity audit failed on a device.</source>
        <translation>Die Integritätsprüfung ist auf einem Gerät fehlgeschlagen.</translation>
    </message>
    <message numerus="yes">
        <source>Integrity audit failed on %n device(s): %1.</source>
        <translation>
            <numerusform>Die Integritätsprüfung ist auf %n Gerät fehlgeschlagen: %1.</numerusform>
            <numerusform>Die Integritätsprüfung ist auf %n Geräten fehlgeschlagen: %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>No hub connection.</source>
        <translation>Keine Verbindung zum Hub.</translation>
    </message>
    <message>
        <source>This device&apos;s token does not have the supervisor role, so the fleet is not shown.</source>
        <translation>Das Token dieses Geräts hat keine Supervisor-Rolle, daher wird die Flotte nicht angezeigt.</translation>
    </message>
    <message>
        <source>Checking this device&apos;s role with the hub…</source>
        <translation>Rolle dieses Geräts wird beim Hub geprüft…</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>Konflikte</translation>
    </message>
    <message>
        <source>Conflicts (%1)</source>
        <translation>Konflikte (%1)</translation>
    </message>
    <message>
        <source>Recent events</source>
        <translation>Letzte Ereignisse</translation>
    </message>
    <message>
        <source>Select a device to see its recent sync runs, errors and audits.</source>
        <translation>Wählen Sie ein Gerät, um seine letzten Synchronisierungen, Fehler und Prüfungen zu sehen.</translation>
    </message>
    <message>
        <source>Recent events — %1</source>
        <translation>Letzte Ereignisse — %1</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>No events reported yet.</source>
        <translation>Noch keine Ereignisse gemeldet.</translation>
    </message>
    <message>
        <source>Could not settle the conflict: %1</source>
        <translation>Der Konflikt konnte nicht entschieden werden: %1</translation>
    </message>
    <message>
        <source>Could not load the events: %1</source>
        <translation>Die Ereignisse konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>Hub unreachable: %1</source>
        <translation>Hub nicht erreichbar: %1</translation>
    </message>
    <message>
        <source>Hub error %1: %2</source>
        <translation>Hub-Fehler %1: %2</translation>
    </message>
    <message>
        <source>Pick a conflict, then the value to keep. The choice reaches every device with its next sync.</source>
        <translation>Wählen Sie einen Konflikt und dann den Wert, der bleiben soll. Die Entscheidung erreicht jedes Gerät bei seiner nächsten Synchronisierung.</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>Current value — %1</source>
        <translation>Aktueller Wert — %1</translation>
    </message>
    <message>
        <source>Other value — %1</source>
        <translation>Anderer Wert — %1</translation>
    </message>
    <message>
        <source>Settling…</source>
        <translation>Wird entschieden…</translation>
    </message>
    <message>
        <source>%1, edited %2</source>
        <translation>%1, bearbeitet %2</translation>
    </message>
    <message>
        <source>both edited the field at the same time; the later edit won</source>
        <translation>beide haben das Feld gleichzeitig bearbeitet; die spätere Änderung hat gewonnen</translation>
    </message>
    <message>
        <source>the text edits overlapped; the later edit won</source>
        <translation>die Textänderungen überschnitten sich; die spätere Änderung hat gewonnen</translation>
    </message>
    <message>
        <source>the work order was deleted while it was being edited</source>
        <translation>der Auftrag wurde gelöscht, während er bearbeitet wurde</translation>
    </message>
    <message>
        <source>%1 · %2: %3. Keep either value; the choice reaches every device.</source>
        <translation>%1 · %2: %3. Behalten Sie einen der Werte; die Entscheidung erreicht jedes Gerät.</translation>
    </message>
</context>
<context>
    <name>fieldsync::LocalStore</name>
    <message>
        <source>The database file “%1” is read-only: %2</source>
        <translation>Die Datenbankdatei „%1“ ist schreibgeschützt: %2</translation>
    </message>
    <message>
        <source>The database file “%1” is damaged: %2</source>
        <translation>Die Datenbankdatei „%1“ ist beschädigt: %2</translation>
    </message>
    <message>
        <source>The file “%1” is not a FieldSync database or is damaged (%2). It was left untouched.</source>
        <translation>Die Datei „%1“ ist keine FieldSync-Datenbank oder ist beschädigt (%2). Sie wurde nicht verändert.</translation>
    </message>
    <message>
        <source>The database “%1” could not be read: %2</source>
        <translation>Die Datenbank „%1“ konnte nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>The database “%1” was written by a newer version of FieldSync (schema %2; this version understands up to %3). Update FieldSync to open it; the file was left untouched.</source>
        <translation>Die Datenbank „%1“ wurde von einer neueren FieldSync-Version geschrieben (Schema %2; diese Version versteht bis %3). Aktualisieren Sie FieldSync, um sie zu öffnen; die Datei wurde nicht verändert.</translation>
    </message>
    <message>
        <source>The database “%1” is damaged (%2). It was left untouched; restore a backup or move it aside to start with an empty database.</source>
        <translation>Die Datenbank „%1“ ist beschädigt (%2). Sie wurde nicht verändert; stellen Sie eine Sicherung wieder her oder verschieben Sie sie, um mit einer leeren Datenbank zu beginnen.</translation>
    </message>
    <message>
        <source>The database connection “%1” is already in use.</source>
        <translation>Die Datenbankverbindung „%1“ wird bereits verwendet.</translation>
    </message>
    <message>
        <source>The data folder “%1” does not exist and could not be created.</source>
        <translation>Der Datenordner „%1“ existiert nicht und konnte nicht angelegt werden.</translation>
    </message>
    <message>
        <source>“%1” is not a folder.</source>
        <translation>„%1“ ist kein Ordner.</translation>
    </message>
    <message>
        <source>“%1” is not a database file.</source>
        <translation>„%1“ ist keine Datenbankdatei.</translation>
    </message>
    <message>
        <source>The database file “%1” is read-only. FieldSync needs to write to it; it was left untouched.</source>
        <translation>Die Datenbankdatei „%1“ ist schreibgeschützt. FieldSync muss in sie schreiben; sie wurde nicht verändert.</translation>
    </message>
    <message>
        <source>The data folder “%1” is read-only; the database cannot be written.</source>
        <translation>Der Datenordner „%1“ ist schreibgeschützt; die Datenbank kann nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>The data folder “%1” is read-only; no database can be created there.</source>
        <translation>Der Datenordner „%1“ ist schreibgeschützt; dort kann keine Datenbank angelegt werden.</translation>
    </message>
    <message>
        <source>The database “%1” could not be opened</source>
        <translation>Die Datenbank „%1“ konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Configuring the database failed</source>
        <translation>Die Datenbank konnte nicht konfiguriert werden</translation>
    </message>
    <message>
        <source>Reading the device id failed</source>
        <translation>Die Geräte-ID konnte nicht gelesen werden</translation>
    </message>
    <message>
        <source>The shared clock belongs to device %1, the database to device %2.</source>
        <translation>Die gemeinsame Uhr gehört zu Gerät %1, die Datenbank zu Gerät %2.</translation>
    </message>
    <message>
        <source>Saving setting “%1” failed</source>
        <translation>Die Einstellung „%1“ konnte nicht gespeichert werden</translation>
    </message>
    <message>
        <source>Saving the clock failed</source>
        <translation>Die Uhr konnte nicht gespeichert werden</translation>
    </message>
    <message>
        <source>The database is not open.</source>
        <translation>Die Datenbank ist nicht geöffnet.</translation>
    </message>
    <message>
        <source>Unknown table “%1”.</source>
        <translation>Unbekannte Tabelle „%1“.</translation>
    </message>
    <message>
        <source>Unknown field “%1”.</source>
        <translation>Unbekanntes Feld „%1“.</translation>
    </message>
    <message>
        <source>Starting a transaction failed</source>
        <translation>Eine Transaktion konnte nicht gestartet werden</translation>
    </message>
    <message>
        <source>Adding the work order failed</source>
        <translation>Der Auftrag konnte nicht angelegt werden</translation>
    </message>
    <message>
        <source>Queueing the new work order for sync failed</source>
        <translation>Der neue Auftrag konnte nicht zur Synchronisierung vorgemerkt werden</translation>
    </message>
    <message>
        <source>Saving the work order failed</source>
        <translation>Der Auftrag konnte nicht gespeichert werden</translation>
    </message>
    <message>
        <source>Reading the work order failed</source>
        <translation>Der Auftrag konnte nicht gelesen werden</translation>
    </message>
    <message>
        <source>The work order “%1” does not exist.</source>
        <translation>Der Auftrag „%1“ existiert nicht.</translation>
    </message>
    <message>
        <source>Queueing the change for sync failed</source>
        <translation>Die Änderung konnte nicht zur Synchronisierung vorgemerkt werden</translation>
    </message>
    <message>
        <source>Reading the schema failed</source>
        <translation>Das Schema konnte nicht gelesen werden</translation>
    </message>
    <message>
        <source>Preparing the bulk load failed</source>
        <translation>Das Massenladen konnte nicht vorbereitet werden</translation>
    </message>
    <message>
        <source>Adding demo work orders failed</source>
        <translation>Die Demo-Aufträge konnten nicht angelegt werden</translation>
    </message>
    <message>
        <source>Rebuilding indexes after the bulk load failed</source>
        <translation>Die Indizes konnten nach dem Massenladen nicht neu aufgebaut werden</translation>
    </message>
    <message>
        <source>Queueing demo work orders for sync failed</source>
        <translation>Die Demo-Aufträge konnten nicht zur Synchronisierung vorgemerkt werden</translation>
    </message>
    <message>
        <source>Saving demo work orders failed</source>
        <translation>Die Demo-Aufträge konnten nicht gespeichert werden</translation>
    </message>
    <message>
        <source>The database file “%1” does not exist.</source>
        <translation>Die Datenbankdatei „%1“ existiert nicht.</translation>
    </message>
    <message>
        <source>The file “%1” is a database of another application, not a FieldSync database. It was left untouched.</source>
        <translation>Die Datei „%1“ ist die Datenbank einer anderen Anwendung, keine FieldSync-Datenbank. Sie wurde nicht verändert.</translation>
    </message>
</context>
<context>
    <name>fieldsync::MainWindow</name>
    <message>
        <source>Sync is not set up: add a hub URL in Settings.</source>
        <translation>Die Synchronisierung ist nicht eingerichtet: Tragen Sie in den Einstellungen eine Hub-URL ein.</translation>
    </message>
    <message>
        <source>About FieldSync</source>
        <translation>Über FieldSync</translation>
    </message>
    <message>
        <source>&lt;h3&gt;FieldSync %1&lt;/h3&gt;&lt;p&gt;Work orders that keep working without a network. Every edit is saved on this device at once and synchronised with the hub when a connection is available.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;FieldSync %1&lt;/h3&gt;&lt;p&gt;Arbeitsaufträge, die auch ohne Netz funktionieren. Jede Änderung wird sofort auf diesem Gerät gespeichert und mit dem Hub synchronisiert, sobald eine Verbindung besteht.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Could not save the change: %1</source>
        <translation>Die Änderung konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>Could not start a new work order.</source>
        <translation>Es konnte kein neuer Auftrag begonnen werden.</translation>
    </message>
    <message>
        <source>Deleted “%1”.</source>
        <translation>„%1“ gelöscht.</translation>
    </message>
    <message>
        <source>Restored “%1”.</source>
        <translation>„%1“ wiederhergestellt.</translation>
    </message>
    <message>
        <source>Show the values that lost a concurrent edit</source>
        <translation>Die Werte anzeigen, die bei gleichzeitiger Bearbeitung unterlegen sind</translation>
    </message>
    <message>
        <source>all changes synced</source>
        <translation>alle Änderungen synchronisiert</translation>
    </message>
    <message>
        <source>Offline · no unsynced changes</source>
        <translation>Offline · keine offenen Änderungen</translation>
    </message>
    <message>
        <source>Offline · %1</source>
        <translation>Offline · %1</translation>
    </message>
    <message>
        <source>Every change is saved on this device and will sync when the hub is reachable.</source>
        <translation>Jede Änderung ist auf diesem Gerät gespeichert und wird synchronisiert, sobald der Hub erreichbar ist.</translation>
    </message>
    <message>
        <source>%1 · last sync %2</source>
        <translation>%1 · letzte Synchronisierung %2</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>Up to date</source>
        <translation>Aktuell</translation>
    </message>
    <message>
        <source>Up to date · last sync %1</source>
        <translation>Aktuell · letzte Synchronisierung %1</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Synchronisiere…</translation>
    </message>
    <message>
        <source>Sync failed</source>
        <translation>Synchronisierung fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1 of %2 work orders</source>
        <translation>%1 von %2 Arbeitsaufträgen</translation>
    </message>
    <message>
        <source>No work orders match your search or filters.
Press Escape in the search field or use “Clear filters” to see all.</source>
        <translation>Keine Arbeitsaufträge passen zu Suche oder Filtern.
Drücken Sie Esc im Suchfeld oder „Filter zurücksetzen“, um alle zu sehen.</translation>
    </message>
    <message>
        <source>No work orders yet.
Press Ctrl+N to create your first one.</source>
        <translation>Noch keine Arbeitsaufträge.
Drücken Sie Strg+N, um den ersten anzulegen.</translation>
    </message>
    <message>
        <source>FieldSync — Work orders</source>
        <translation>FieldSync — Arbeitsaufträge</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Sync</source>
        <translation>&amp;Synchronisierung</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>&amp;Neu</translation>
    </message>
    <message>
        <source>Create a work order (Ctrl+N)</source>
        <translation>Einen Arbeitsauftrag anlegen (Strg+N)</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>Delete the selected work order (Del); you can undo it</source>
        <translation>Den gewählten Auftrag löschen (Entf); rückgängig machbar</translation>
    </message>
    <message>
        <source>&amp;Undo delete</source>
        <translation>Löschen &amp;rückgängig</translation>
    </message>
    <message>
        <source>Sync &amp;now</source>
        <translation>&amp;Jetzt synchronisieren</translation>
    </message>
    <message>
        <source>Synchronise with the hub now (F5)</source>
        <translation>Jetzt mit dem Hub synchronisieren (F5)</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Suchen…</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>Filter zurücksetzen</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;About FieldSync</source>
        <translation>&amp;Über FieldSync</translation>
    </message>
    <message>
        <source>Search title, description, site, asset, customer (Ctrl+F)</source>
        <translation>Titel, Beschreibung, Standort, Anlage, Kunde durchsuchen (Strg+F)</translation>
    </message>
    <message>
        <source>S&amp;tatus:</source>
        <translation>S&amp;tatus:</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Alle Status</translation>
    </message>
    <message>
        <source>Assigned to &amp;me</source>
        <translation>&amp;Mir zugewiesen</translation>
    </message>
    <message>
        <source>Set your name in Settings to use this filter</source>
        <translation>Tragen Sie Ihren Namen in den Einstellungen ein, um diesen Filter zu nutzen</translation>
    </message>
    <message>
        <source>Only work orders assigned to %1</source>
        <translation>Nur Aufträge, die %1 zugewiesen sind</translation>
    </message>
    <message>
        <source>&amp;Unsynced only</source>
        <translation>Nur &amp;nicht synchronisierte</translation>
    </message>
    <message>
        <source>Only work orders with changes not yet on the hub</source>
        <translation>Nur Aufträge mit Änderungen, die noch nicht auf dem Hub sind</translation>
    </message>
    <message>
        <source>Integrity audit finished: %1</source>
        <translation>Integritätsprüfung abgeschlossen: %1</translation>
    </message>
    <message>
        <source>Sync &amp;status</source>
        <translation>Sync-&amp;Status</translation>
    </message>
    <message>
        <source>&amp;Conflicts…</source>
        <translation>&amp;Konflikte…</translation>
    </message>
    <message>
        <source>Run integrity &amp;audit</source>
        <translation>Integritäts&amp;prüfung starten</translation>
    </message>
    <message>
        <source>Sync status</source>
        <translation>Sync-Status</translation>
    </message>
    <message>
        <source>The fleet overview needs a device token with the supervisor role.</source>
        <translation>Die Flottenübersicht braucht ein Geräte-Token mit der Supervisor-Rolle.</translation>
    </message>
    <message>
        <source>Fleet</source>
        <translation>Flotte</translation>
    </message>
    <message numerus="yes">
        <source>%Ln conflict(s)</source>
        <translation>
            <numerusform>%Ln Konflikt</numerusform>
            <numerusform>%Ln Konflikte</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln unsynced change(s)</source>
        <translation>
            <numerusform>%Ln nicht synchronisierte Änderung</numerusform>
            <numerusform>%Ln nicht synchronisierte Änderungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln work order(s)</source>
        <translation>
            <numerusform>%Ln Arbeitsauftrag</numerusform>
            <numerusform>%Ln Arbeitsaufträge</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Fleet overview</source>
        <translation>&amp;Flottenübersicht</translation>
    </message>
    <message>
        <source>Work orders</source>
        <translation>Arbeitsaufträge</translation>
    </message>
</context>
<context>
    <name>fieldsync::SettingsDialog</name>
    <message>
        <source>Enter the hub address as http://host:port or https://host.</source>
        <translation>Geben Sie die Hub-Adresse als http://host:port oder https://host ein.</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Technician name:</source>
        <translation>&amp;Name des Technikers:</translation>
    </message>
    <message>
        <source>&amp;Device name:</source>
        <translation>&amp;Gerätename:</translation>
    </message>
    <message>
        <source>Sync &amp;hub URL:</source>
        <translation>&amp;Hub-URL:</translation>
    </message>
    <message>
        <source>Device &amp;token:</source>
        <translation>Geräte-&amp;Token:</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>Your name, as work orders are assigned</source>
        <translation>Ihr Name, wie er bei Aufträgen eingetragen wird</translation>
    </message>
    <message>
        <source>e.g. Van 12 laptop</source>
        <translation>z. B. Laptop Transporter 12</translation>
    </message>
    <message>
        <source>e.g. http://127.0.0.1:8787</source>
        <translation>z. B. http://127.0.0.1:8787</translation>
    </message>
    <message>
        <source>Paste the token from your supervisor</source>
        <translation>Token von Ihrer Einsatzleitung einfügen</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Systemvorgabe</translation>
    </message>
    <message>
        <source>Leave the hub URL empty to work on this device only. Language changes apply immediately.</source>
        <translation>Lassen Sie die Hub-URL leer, um nur auf diesem Gerät zu arbeiten. Sprachänderungen gelten sofort.</translation>
    </message>
    <message>
        <source>Show the token</source>
        <translation>Token anzeigen</translation>
    </message>
</context>
<context>
    <name>fieldsync::SyncStatusPanel</name>
    <message>
        <source>Unsynced changes:</source>
        <translation>Nicht synchronisierte Änderungen:</translation>
    </message>
    <message>
        <source>Last successful sync:</source>
        <translation>Letzte erfolgreiche Synchronisierung:</translation>
    </message>
    <message>
        <source>Last integrity check:</source>
        <translation>Letzte Integritätsprüfung:</translation>
    </message>
    <message>
        <source>Changes refused by the hub:</source>
        <translation>Vom Hub abgelehnte Änderungen:</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Jetzt synchronisieren</translation>
    </message>
    <message>
        <source>Check integrity now</source>
        <translation>Integrität jetzt prüfen</translation>
    </message>
    <message>
        <source>Recent sync log</source>
        <translation>Letzte Synchronisierungen</translation>
    </message>
    <message>
        <source>Latency of the last changes (edit → hub)</source>
        <translation>Latenz der letzten Änderungen (Bearbeitung → Hub)</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Gesendet</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Empfangen</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>Konflikte</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Work order</source>
        <translation>Arbeitsauftrag</translation>
    </message>
    <message>
        <source>Edited</source>
        <translation>Bearbeitet</translation>
    </message>
    <message>
        <source>Reached the hub</source>
        <translation>Beim Hub angekommen</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 Min.</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 Std.</translation>
    </message>
    <message>
        <source>Sync has not run since FieldSync started.</source>
        <translation>Seit dem Start von FieldSync wurde noch nicht synchronisiert.</translation>
    </message>
    <message>
        <source>Sync is off: changes stay on this device.</source>
        <translation>Synchronisierung ist aus: Änderungen bleiben auf diesem Gerät.</translation>
    </message>
    <message>
        <source>Waiting for the next sync.</source>
        <translation>Warte auf die nächste Synchronisierung.</translation>
    </message>
    <message>
        <source>Offline: changes are kept on this device and sync later.</source>
        <translation>Offline: Änderungen bleiben auf diesem Gerät und werden später synchronisiert.</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Synchronisiere…</translation>
    </message>
    <message>
        <source>Up to date.</source>
        <translation>Aktuell.</translation>
    </message>
    <message>
        <source>Sync error.</source>
        <translation>Synchronisierungsfehler.</translation>
    </message>
    <message>
        <source>The hub refused this device.</source>
        <translation>Der Hub hat dieses Gerät abgewiesen.</translation>
    </message>
    <message>
        <source>Next attempt at %1.</source>
        <translation>Nächster Versuch um %1.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message numerus="yes">
        <source>%n work order(s)</source>
        <translation>
            <numerusform>%n Arbeitsauftrag</numerusform>
            <numerusform>%n Arbeitsaufträge</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%n field(s), oldest edit %1)</source>
        <translation>
            <numerusform>(%n Feld, älteste Änderung %1)</numerusform>
            <numerusform>(%n Felder, älteste Änderung %1)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 — data matches the hub</source>
        <translation>%1 — Daten stimmen mit dem Hub überein</translation>
    </message>
    <message>
        <source>%1 — differences found and repaired</source>
        <translation>%1 — Abweichungen gefunden und repariert</translation>
    </message>
    <message>
        <source>%1 — the check could not finish</source>
        <translation>%1 — die Prüfung konnte nicht abgeschlossen werden</translation>
    </message>
    <message>
        <source>%1, field “%2”: %3</source>
        <translation>%1, Feld „%2“: %3</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s)</source>
        <translation>
            <numerusform>%n Änderung</numerusform>
            <numerusform>%n Änderungen</numerusform>
        </translation>
    </message>
    <message>
        <source>sync</source>
        <translation>Synchronisierung</translation>
    </message>
    <message>
        <source>integrity check</source>
        <translation>Integritätsprüfung</translation>
    </message>
    <message>
        <source>full resync</source>
        <translation>vollständige Neusynchronisierung</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>fieldsync::SyncWorker</name>
    <message>
        <source>Check the database file and restart FieldSync.</source>
        <translation>Prüfen Sie die Datenbankdatei und starten Sie FieldSync neu.</translation>
    </message>
    <message>
        <source>The server&apos;s answer was incomplete.</source>
        <translation>Die Antwort des Servers war unvollständig.</translation>
    </message>
    <message>
        <source>The server answered with status %1.</source>
        <translation>Der Server antwortete mit Status %1.</translation>
    </message>
    <message>
        <source>Local data matches the server.</source>
        <translation>Die lokalen Daten stimmen mit dem Server überein.</translation>
    </message>
    <message numerus="yes">
        <source>Repaired %n row(s) in %1 bucket(s); %2 row(s) queued for the server.</source>
        <translation>
            <numerusform>%n Zeile in %1 Bereich(en) repariert; %2 Zeile(n) für den Server vorgemerkt.</numerusform>
            <numerusform>%n Zeilen in %1 Bereich(en) repariert; %2 Zeile(n) für den Server vorgemerkt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Sync failed.</source>
        <translation>Synchronisierung fehlgeschlagen.</translation>
    </message>
    <message>
        <source>This device may not sync with the hub. Ask your administrator to check its role.</source>
        <translation>Dieses Gerät darf nicht mit dem Hub synchronisieren. Bitten Sie Ihre Administration, seine Rolle zu prüfen.</translation>
    </message>
    <message>
        <source>The hub does not accept this device&apos;s token. Paste a new token in Settings.</source>
        <translation>Der Hub akzeptiert das Token dieses Geräts nicht. Fügen Sie in den Einstellungen ein neues Token ein.</translation>
    </message>
    <message>
        <source>Changes are kept on this device and sync later.</source>
        <translation>Änderungen bleiben auf diesem Gerät und werden später synchronisiert.</translation>
    </message>
    <message>
        <source>FieldSync retries automatically.</source>
        <translation>FieldSync versucht es automatisch erneut.</translation>
    </message>
    <message>
        <source>The token belongs to device %1, but this database is device %2.</source>
        <translation>Das Token gehört zu Gerät %1, diese Datenbank aber zu Gerät %2.</translation>
    </message>
    <message>
        <source>Enrol this device on the hub again, or use the token made for it.</source>
        <translation>Melden Sie dieses Gerät erneut beim Hub an oder verwenden Sie das dafür erstellte Token.</translation>
    </message>
</context>
<context>
    <name>fieldsync::TableDef</name>
    <message>
        <source>“%1” must be true or false.</source>
        <translation>„%1“ muss wahr oder falsch sein.</translation>
    </message>
    <message>
        <source>“%1” must be text.</source>
        <translation>„%1“ muss Text sein.</translation>
    </message>
    <message>
        <source>“%1” is required.</source>
        <translation>„%1“ ist erforderlich.</translation>
    </message>
    <message>
        <source>“%1” is longer than %2 characters.</source>
        <translation>„%1“ ist länger als %2 Zeichen.</translation>
    </message>
    <message>
        <source>“%1” must be a single line.</source>
        <translation>„%1“ muss einzeilig sein.</translation>
    </message>
    <message>
        <source>“%1” is not a valid value for “%2” (expected one of: %3).</source>
        <translation>„%1“ ist kein gültiger Wert für „%2“ (erwartet: %3).</translation>
    </message>
    <message>
        <source>“%1” must be a date written as YYYY-MM-DD.</source>
        <translation>„%1“ muss ein Datum im Format JJJJ-MM-TT sein.</translation>
    </message>
    <message>
        <source>“%1” must be a UTC date and time in ISO 8601 form.</source>
        <translation>„%1“ muss Datum und Uhrzeit in UTC im ISO-8601-Format sein.</translation>
    </message>
</context>
<context>
    <name>fieldsync::WorkOrderForm</name>
    <message>
        <source>New work order</source>
        <translation>Neuer Arbeitsauftrag</translation>
    </message>
    <message>
        <source>Type a title to create it. It is saved on this device at once.</source>
        <translation>Geben Sie einen Titel ein, um ihn anzulegen. Er wird sofort auf diesem Gerät gespeichert.</translation>
    </message>
    <message>
        <source>Work order</source>
        <translation>Arbeitsauftrag</translation>
    </message>
    <message>
        <source>Created %1 · %2</source>
        <translation>Erstellt %1 · %2</translation>
    </message>
    <message>
        <source>Select a work order to see its details,
or press Ctrl+N to create one.</source>
        <translation>Wählen Sie einen Auftrag, um Details zu sehen,
oder drücken Sie Strg+N, um einen anzulegen.</translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation>&amp;Titel</translation>
    </message>
    <message>
        <source>A title is required.</source>
        <translation>Ein Titel ist erforderlich.</translation>
    </message>
    <message>
        <source>What needs to be done?</source>
        <translation>Was ist zu tun?</translation>
    </message>
    <message>
        <source>&amp;Status</source>
        <translation>&amp;Status</translation>
    </message>
    <message>
        <source>&amp;Priority</source>
        <translation>&amp;Priorität</translation>
    </message>
    <message>
        <source>&amp;Customer</source>
        <translation>&amp;Kunde</translation>
    </message>
    <message>
        <source>Si&amp;te address</source>
        <translation>Standort&amp;adresse</translation>
    </message>
    <message>
        <source>&amp;Asset</source>
        <translation>A&amp;nlage</translation>
    </message>
    <message>
        <source>Assi&amp;gned to</source>
        <translation>&amp;Zugewiesen an</translation>
    </message>
    <message>
        <source>&amp;Due date</source>
        <translation>&amp;Fälligkeit</translation>
    </message>
    <message>
        <source>D&amp;escription</source>
        <translation>&amp;Beschreibung</translation>
    </message>
    <message>
        <source>&amp;Notes</source>
        <translation>N&amp;otizen</translation>
    </message>
    <message>
        <source>Customer name</source>
        <translation>Name des Kunden</translation>
    </message>
    <message>
        <source>Street, city</source>
        <translation>Straße, Ort</translation>
    </message>
    <message>
        <source>e.g. HVAC Unit 4B</source>
        <translation>z. B. Klimagerät 4B</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>Techniker</translation>
    </message>
    <message>
        <source>What the customer reported</source>
        <translation>Was der Kunde gemeldet hat</translation>
    </message>
    <message>
        <source>Findings, parts used, next steps…</source>
        <translation>Befund, verbaute Teile, nächste Schritte…</translation>
    </message>
    <message>
        <source>No due date</source>
        <translation>Kein Fälligkeitsdatum</translation>
    </message>
    <message>
        <source>Clear the due date</source>
        <translation>Fälligkeitsdatum entfernen</translation>
    </message>
    <message>
        <source>This work order was changed on another device while you were editing. Your changes are kept; other fields show the latest values.</source>
        <translation>Dieser Auftrag wurde während Ihrer Bearbeitung auf einem anderen Gerät geändert. Ihre Änderungen bleiben erhalten; die übrigen Felder zeigen die neuesten Werte.</translation>
    </message>
</context>
<context>
    <name>fieldsync::WorkOrderModel</name>
    <message>
        <source>No due date</source>
        <translation>Kein Fälligkeitsdatum</translation>
    </message>
    <message>
        <source>Overdue since %1</source>
        <translation>Überfällig seit %1</translation>
    </message>
    <message>
        <source>Sync state</source>
        <translation>Sync-Zustand</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>Customer / site</source>
        <translation>Kunde / Standort</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Standort</translation>
    </message>
    <message>
        <source>Asset</source>
        <translation>Anlage</translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation>Zugewiesen an</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Fällig</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notizen</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Last updated</source>
        <translation>Zuletzt geändert</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Offen</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>Geplant</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>In Arbeit</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Erledigt</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Storniert</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Niedrig</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Hoch</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>Dringend</translation>
    </message>
    <message>
        <source>Synced</source>
        <translation>Synchronisiert</translation>
    </message>
    <message>
        <source>Synced with a conflict: see Conflicts</source>
        <translation>Mit Konflikt synchronisiert: siehe Konflikte</translation>
    </message>
    <message>
        <source>Changed on this device, not yet synced</source>
        <translation>Auf diesem Gerät geändert, noch nicht synchronisiert</translation>
    </message>
</context>
<context>
    <name>fieldsync::migrations</name>
    <message>
        <source>The database was written by a newer version of FieldSync (schema %1, this version understands up to %2).</source>
        <translation>Die Datenbank wurde von einer neueren FieldSync-Version geschrieben (Schema %1, diese Version versteht bis %2).</translation>
    </message>
    <message>
        <source>Upgrading the database to schema %1 failed: %2</source>
        <translation>Die Aktualisierung der Datenbank auf Schema %1 ist fehlgeschlagen: %2</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>FieldSync</source>
        <translation>FieldSync</translation>
    </message>
    <message>
        <source>The token file %1 cannot be read.</source>
        <translation>Die Token-Datei %1 kann nicht gelesen werden.</translation>
    </message>
</context>
</TS>
