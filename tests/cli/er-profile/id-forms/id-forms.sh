# id-forms.sh: the steps of the case tests/cli/er-profile/id-forms (what they show: see its cmd).
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
cat > "$t/subjects.csv" <<'END'
subject_id,id_number,phone,name,monthly_income,monthly_spend,monthly_flow,debt_service,priority_level,completed,uncompleted
P1,11010519491231002x,138 0013 8000,张伟,12000,4000,8000,1500,1,38,2
P2,34052419800101001X,+86 139-0000-0000,王芳,8000,5000,3500,0,2,17,3
END
cat > "$t/identity.csv" <<'END'
id_number,phone,name
11010519491231002X,13800138000,张伟
34052419800101001x,8613900000000,王芳
END
er-profile --asof 2024-06-30 --identity "$t/identity.csv" "$t/subjects.csv" | cut -d, -f1,2,12
echo "exit $?"
