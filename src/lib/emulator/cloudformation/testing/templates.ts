/** Test support: the blog's application templates, shortened (nodejs, as the sandbox runs Node.js). */
export const APP_TEMPLATE = (withBoundary: boolean) => `AWSTemplateFormatVersion: 2010-09-09
Description: builder-application

Resources:
  MyLambdaFunctionExecutionRole:
    Type: AWS::IAM::Role
    Properties:
${withBoundary ? `      Path: /application_roles/
      PermissionsBoundary: !Sub arn:\${AWS::Partition}:iam::\${AWS::AccountId}:policy/permissions_boundaries/application-boundary
` : ''}      AssumeRolePolicyDocument:
        Version: 2012-10-17
        Statement:
          - Effect: Allow
            Principal:
              Service:
                - lambda.amazonaws.com
            Action: sts:AssumeRole
      Policies:
        - PolicyName: MyLambdaFunctionBasicExecutionPolicy
          PolicyDocument:
            Version: 2012-10-17
            Statement:
              - Effect: Allow
                Action:
                  - logs:CreateLogGroup
                  - logs:CreateLogStream
                  - logs:PutLogEvents
                Resource: !Sub arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:*

  MyLambdaFunction:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Role: !GetAtt MyLambdaFunctionExecutionRole.Arn
      Handler: index.handler
      Code:
        ZipFile: |
          exports.handler = async () => "Hello Builder!";
      Timeout: 30

  MyStateMachineExecutionRole:
    Type: AWS::IAM::Role
    Properties:
${withBoundary ? `      Path: /application_roles/
      PermissionsBoundary: !Sub arn:\${AWS::Partition}:iam::\${AWS::AccountId}:policy/permissions_boundaries/application-boundary
` : ''}      AssumeRolePolicyDocument:
        Version: 2012-10-17
        Statement:
          - Effect: Allow
            Principal:
              Service:
                - states.amazonaws.com
            Action: sts:AssumeRole
      Policies:
        - PolicyName: StateMachineExecutionPolicy
          PolicyDocument:
            Version: 2012-10-17
            Statement:
              - Effect: Allow
                Action:
                  - lambda:InvokeFunction
                Resource: !GetAtt MyLambdaFunction.Arn

  MyStateMachine:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      DefinitionString: !Sub |
        {
          "StartAt": "State1",
          "States": {
            "State1": {
              "Type": "Task",
              "Resource": "\${MyLambdaFunction.Arn}",
              "End": true
            }
          }
        }
      RoleArn: !GetAtt MyStateMachineExecutionRole.Arn

  MyLambdaFunctionPermission:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !Ref MyLambdaFunction
      Principal: states.amazonaws.com
      SourceArn: !Ref MyStateMachine
`;
