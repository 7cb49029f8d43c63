; GridDesk 网格工作台: the Windows installer (Inno Setup 6). How to build: README.md here.
;
;   ISCC.exe /DAppVersion=0.1.0 packaging\windows\griddesk.iss
;
; Installs the PyInstaller bundle (dist\griddesk) to Program Files, a Start menu entry,
; and %ProgramData%\GridDesk\config.toml (server URL, CA bundle, proxy), which IT edits
; or pre-seeds:  GridDesk-0.1.0-setup.exe /VERYSILENT /SERVER=https://host:8470
;                [/CABUNDLE=C:\ProgramData\GridDesk\city-ca.pem] [/PROXY=http://host:3128]
; An existing config.toml is kept on upgrade and on uninstall. Users' data
; (%LOCALAPPDATA%\GridDesk: the encrypted database, its key, logs) is kept on uninstall
; unless the user answers Yes to the question the uninstaller asks (silent: kept).
; The file is UTF-8 with a BOM, which Inno Setup needs for the Chinese text.

#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=x.y.z griddesk.iss (griddesk-debug.exe --version prints it)
#endif
#define Bundle "..\..\dist\griddesk"
#define HaveChinese FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")

[Setup]
; The AppId ties upgrades and the uninstaller together: never change it.
AppId={{6F1B7C2E-4D3A-4E8B-9C51-2A7D0E9F4B63}
AppName=GridDesk
AppVersion={#AppVersion}
AppVerName=GridDesk {#AppVersion}
AppPublisher=GridDesk
DefaultDirName={autopf}\GridDesk
DefaultGroupName=GridDesk
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=GridDesk-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\griddesk.ico
UninstallDisplayIcon={app}\griddesk.exe
UninstallDisplayName=GridDesk 网格工作台
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; A running GridDesk holds its files open: ask it to close instead of failing.
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
#if HaveChinese
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif

[CustomMessages]
english.AppTitle=GridDesk
english.DeleteUserData=Also delete your GridDesk data on this PC?%n%n%1%n%nIt holds the encrypted database and may contain changes not yet sent to the city server. Choose No to keep it.
#if HaveChinese
chinesesimplified.AppTitle=网格工作台
chinesesimplified.DeleteUserData=是否同时删除本机上的网格工作台数据？%n%n%1%n%n其中有加密数据库，可能还有尚未同步到市级平台的修改。选择“否”将保留数据。
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Dirs]
Name: "{commonappdata}\GridDesk"

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
; IT's edits survive upgrades and uninstall.
Source: "..\config.toml"; DestDir: "{commonappdata}\GridDesk"; Flags: onlyifdoesntexist uninsneveruninstall

[Icons]
Name: "{autoprograms}\{cm:AppTitle}"; Filename: "{app}\griddesk.exe"; Comment: "GridDesk {#AppVersion}"
Name: "{autoprograms}\{cm:AppTitle} (debug console)"; Filename: "{app}\griddesk-debug.exe"
Name: "{autodesktop}\{cm:AppTitle}"; Filename: "{app}\griddesk.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\griddesk.exe"; Description: "{cm:LaunchProgram,{cm:AppTitle}}"; Flags: nowait postinstall skipifsilent

[Code]
function TomlString(S: String): String;
begin
  StringChangeEx(S, '\', '\\', True);
  StringChangeEx(S, '"', '\"', True);
  Result := '"' + S + '"';
end;

{ /SERVER=, /CABUNDLE=, /PROXY= on the setup command line write the system config
  (all three values: one not given is written empty). }
procedure CurStepChanged(CurStep: TSetupStep);
var
  Server, CaBundle, Proxy, Path: String;
  Lines: TArrayOfString;
begin
  if CurStep <> ssPostInstall then
    Exit;
  Server := ExpandConstant('{param:SERVER|}');
  CaBundle := ExpandConstant('{param:CABUNDLE|}');
  Proxy := ExpandConstant('{param:PROXY|}');
  if (Server = '') and (CaBundle = '') and (Proxy = '') then
    Exit;
  Path := ExpandConstant('{commonappdata}\GridDesk\config.toml');
  SetArrayLength(Lines, 4);
  Lines[0] := '# Written by the GridDesk installer from its command line; see config.toml in the docs.';
  Lines[1] := 'server_url = ' + TomlString(Server);
  Lines[2] := 'ca_bundle = ' + TomlString(CaBundle);
  Lines[3] := 'proxy = ' + TomlString(Proxy);
  if not SaveStringsToUTF8File(Path, Lines, False) then
    Log('Could not write ' + Path);
end;

{ The data of the Windows user running the uninstaller (other users' stays). }
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if CurUninstallStep <> usPostUninstall then
    Exit;
  DataDir := ExpandConstant('{localappdata}\GridDesk');
  if not DirExists(DataDir) then
    Exit;
  if SuppressibleMsgBox(FmtMessage(CustomMessage('DeleteUserData'), [DataDir]),
                        mbConfirmation, MB_YESNO or MB_DEFBUTTON2, IDNO) = IDYES then
  begin
    DelTree(DataDir, True, True, True);
    DelTree(ExpandConstant('{localappdata}\GridDesk-demo'), True, True, True);
  end;
end;
