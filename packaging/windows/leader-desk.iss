; Inno Setup script for Leader Desk (团长工作台) on Windows 10/11.
; Build: packaging\windows\build.ps1 (PyInstaller bundle first), then
;   iscc /DAppVersion=0.1.0 packaging\windows\leader-desk.iss
; The installer goes to dist\LeaderDesk-Setup-<version>.exe.
;
; The shop's data lives in %LOCALAPPDATA%\LeaderDesk (leader.db, its backups and the logs).
; This installer never writes there and the uninstaller removes only what it installed, so
; uninstalling or upgrading keeps every order, member and backup.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define BundleDir "..\..\dist\leader-desk"

[Setup]
AppId={{6F1C2B0E-3D84-4C4B-9B0E-5A7C1E2F9D31}
AppName=团长工作台 Leader Desk
AppVersion={#AppVersion}
AppPublisher=Leader Desk
DefaultDirName={autopf}\LeaderDesk
DefaultGroupName=团长工作台
DisableProgramGroupPage=yes
; A shop PC's user is often not an administrator: install per user unless they choose otherwise.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\..\dist
OutputBaseFilename=LeaderDesk-Setup-{#AppVersion}
SetupIconFile=leader-desk.ico
UninstallDisplayIcon={app}\leader-desk.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Upgrades close a running desk first, so no file is in use.
CloseApplications=yes

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\团长工作台 Leader Desk"; Filename: "{app}\leader-desk.exe"
Name: "{group}\{cm:UninstallProgram,团长工作台}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\团长工作台"; Filename: "{app}\leader-desk.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\leader-desk.exe"; Description: "{cm:LaunchProgram,团长工作台}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] entry for %LOCALAPPDATA%\LeaderDesk: the shop's data is never removed.
